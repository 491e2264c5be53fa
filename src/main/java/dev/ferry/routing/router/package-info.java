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
 * position of the first IPFS or gateway candidate. Nothing is stored that a verifying stage did not hand over.
 *
 * <h2>Node wiring</h2>
 * <pre>{@code
 * RoutingConfig rc = RoutingConfig.fromValues(key -> cfg.get(key).filter(n -> !n.isNull())
 *         .map(n -> n.isArray() ? n.toString() : n.asText()));          // a bad value: IllegalArgumentException
 * ContentRouter router = ContentRouter.create(caps, trust, host, repo.blocks(),
 *         fallbackFetcher, ferryRequester, rc);                           // fallbackFetcher: the IPFS stages
 * ContentFetcher fetcher = router.fetcher();                              // what Node#fetcher() returns
 * // optional: ContentRouter.builder(...).hints(cid -> facts) for private marks / add times;
 * //           router.metrics().ping(services.ping(), peer) to feed pings
 * }</pre>
 */
package dev.ferry.routing.router;
