/**
 * The scoring content router: which source to ask for a CID, in which order, and why.
 *
 * <h2>Candidates and score</h2>
 * For a CID: the local store; each connected ferry peer whose content index (Bloom filter) claims it; ferry peers
 * with IPFS access that could fetch it for us (proxies; never for private content); the IPFS network (this node's
 * Bitswap); each configured gateway. A remote candidate scores (defaults, all configurable, see
 * {@link dev.ferry.routing.router.ScoreWeights}): direct peer +100, IPFS access +50, trust level × 10, measured
 * bandwidth above 1 MB/s +20, minus measured latency in ms / 10, minus 25 per index miss. Measurements are EWMAs of
 * real transfers and pings ({@link dev.ferry.routing.router.PeerMetrics}).
 *
 * <h2>Content classes</h2>
 * {@link dev.ferry.routing.router.RoutingPolicy}: private, recent (added within 24h), small (below 1 MiB) prefer
 * ferry peers; public (seen on the IPFS network), large (64 MiB and up), archived (added over 30 days ago) prefer the
 * IPFS stages. A preference moves the preferred group before the other; scores are unchanged.
 *
 * <h2>Lying indexes</h2>
 * A direct peer is asked for its own copy only; NOT_FOUND is an index miss. Each miss costs score, a delivery
 * forgives one, and after 3 (config) the peer's index is ignored for an hour since its last miss
 * ({@link dev.ferry.routing.router.IndexReputation}).
 *
 * <h2>Fetching</h2>
 * {@link dev.ferry.routing.router.RoutedFetcher} follows the ranking: local, ferry peers through the
 * {@code FerryRequester} (a direct peer for its own copy, a proxy for IPFS/gateways), and the wrapped IPFS stages
 * (the node's {@code FallbackFetcher}: Bitswap, then the gateways after the fallback delay) as one stage at the
 * position of the first IPFS candidate; gateways are ranked last in their group. Nothing is stored that a verifying
 * stage did not hand over.
 * <ul>
 *   <li>A peer's transfer runs on its own thread: {@code get(root)} returns as soon as the root arrived, and later
 *       reads wait for the running transfer (which sends the DAG in the order a reader needs it) before routing a
 *       block again, so {@code cat} streams from the first block.</li>
 *   <li>{@code fetchAll} routes the whole DAG once (one peer transfer, one Bitswap stream or one CAR) at the first
 *       missing block, shares the root's subtrees among good peers when the root is local, and routes block by block
 *       only what is still missing after that.</li>
 *   <li>Each session tallies what every source delivered ({@code FetchSession#sources}: {@code ferry cat|get
 *       --verbose}); when a ferry peer delivered the whole DAG a session was first asked for, the router's
 *       {@code afterPeerFetch} runs (the node pins it: {@code Exchange.PinAfterPeerFetch}).</li>
 * </ul>
 *
 * <h2>Node wiring</h2>
 * {@code Node} builds the router from its capabilities table (or none with {@code Exchange.UseIndexes=false}: a plain
 * IPFS fetch path), its trust store, the host's ping times, its {@code FallbackFetcher}, its request service, the
 * {@code Exchange.*} settings and its private-content marks as hints; {@code Node#fetcher()} is the router's fetcher
 * and {@code routing/explain} explains with the same router, so its measurements show.
 */
package dev.ferry.routing.router;
