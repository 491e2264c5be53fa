/**
 * Where content comes from. A {@link dev.ferry.routing.ContentFetcher} gives callers (the gateway, the RPC API) one
 * way to read a DAG: the local store first, then whatever remote sources the node has (Bitswap peers today, HTTP
 * gateways as the last resort). Every block a fetcher returns or stores was verified against its CID: remote sources
 * only ever hand over {@link dev.ferry.store.Block}s, which cannot exist unverified.
 *
 * <p>Timeouts are per block: a fetch fails with {@link dev.ferry.routing.FetchTimeoutException} when no source
 * delivers the next block in time, so a large DAG that keeps arriving never times out.
 *
 * <p>The chain ({@link dev.ferry.routing.FallbackFetcher}): local store, then Bitswap, then the trustless gateways
 * ({@link dev.ferry.routing.gateway}) once no peer has delivered within the fallback delay: providers' own gateways
 * found for the content (HTTP retrieval) first, then the configured ones. Each stage is one
 * concern; the chain only ever stores or returns blocks that were verified against their CIDs, and a gateway's CAR
 * contributes only blocks that belong to the DAG asked for. With no gateway configured the chain is the Bitswap
 * fetcher alone.
 */
package dev.ferry.routing;
