/**
 * Predictive caching: the node learns which content its users tend to ask for after which, and fetches the likely
 * next content before it is asked for.
 *
 * <ul>
 *   <li>What is observed: the requests the node serves to its own users, reported by the gateway and the RPC API
 *       through {@link dev.ferry.routing.prefetch.ContentRequests} (the CID a path resolves to, keyed by the client's
 *       remote address). Never Bitswap or {@code /ferry/request} requests of other peers, never private content.</li>
 *   <li>What is learned ({@link dev.ferry.routing.prefetch.SuccessorModel}): first-order successors, B after A by the
 *       same client within a window; counts decay with a half-life; memory is bounded by size-bounded maps and a cap
 *       on successors per CID. {@link dev.ferry.routing.prefetch.SuccessorModelFile} keeps it across restarts,
 *       {@link dev.ferry.routing.prefetch.SuccessorModelSaver} writing it periodically while it changes.</li>
 *   <li>What is fetched ({@link dev.ferry.routing.prefetch.Prefetcher}): a predicted successor's whole DAG, through
 *       the node's ordinary routed fetch, within a concurrency limit and byte budgets per prefetch and per hour,
 *       yielding to the users' own fetches ({@link dev.ferry.routing.prefetch.UserFetches}). The blocks are ordinary
 *       unpinned cache that a collection may take.</li>
 * </ul>
 *
 * <p>Non-goals: higher-order or cross-client patterns, predicting for other peers, prefetching parts of a DAG (a
 * prefetch stops at its budget rather than choosing what to leave out).
 */
package dev.ferry.routing.prefetch;
