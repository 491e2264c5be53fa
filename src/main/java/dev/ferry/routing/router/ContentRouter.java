package dev.ferry.routing.router;

import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.exchange.ferry.CapabilitiesRecord;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.request.FerryRequester;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FallbackFetcher;
import dev.ferry.routing.gateway.GatewayPool;
import dev.ferry.routing.gateway.GatewayScore;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The scoring content router: for a CID it gathers the candidate sources (the local store, each connected ferry peer
 * whose content index claims the CID, ferry peers with IPFS access that could fetch it for us, the IPFS network, the
 * configured gateways), scores them with {@link ScoreWeights} and orders them with {@link RoutingPolicy}. {@link
 * #route} only explains; {@link #fetcher()} fetches along the ranking.
 *
 * <h2>Design</h2>
 * The score is additive so that an explanation can show each part. Latency and bandwidth come from real
 * measurements ({@link PeerMetrics}: pings, request round trips and completed transfers; before any, the host's
 * smoothed ping time for latency). A content index is a Bloom filter: a false positive costs one refused request,
 * so each miss lowers the peer's score and repeated misses make the router ignore its index
 * ({@link IndexReputation}); a lying peer costs a bounded number of round trips. Trust comes from the node's trust
 * levels of the DID the peer's connection proved; nothing a peer says raises its own score except delivering.
 *
 * <p>Private content is never handed to proxies (a proxy would ask the public network for it). Thread-safe.
 */
public final class ContentRouter {
    private static final int MAX_SEEN_PUBLIC = 16_384;

    private final Supplier<Map<PeerId, CapabilitiesRecord>> peers;
    private final TrustLevels trust;
    private final Function<PeerId, Optional<Duration>> pingLatency;
    private final Blockstore local;
    private final ContentFetcher ipfsStages;
    private final GatewayPool gateways;
    private final FerryRequester requester;
    private final RoutingConfig config;
    private final ContentHints hints;
    private final InstantSource clock;
    private final PeerMetrics metrics;
    private final IndexReputation reputation;
    private final Consumer<Cid> afterPeerFetch;
    private final Consumer<Cid> beforeRemoteFetch;
    private final Set<Multihash> seenPublic = Collections.newSetFromMap(
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Multihash, Boolean> eldest) {
                    return size() > MAX_SEEN_PUBLIC;
                }
            }));

    private ContentRouter(Builder b) {
        this.peers = Objects.requireNonNull(b.peers, "peers");
        this.trust = Objects.requireNonNull(b.trust, "trust");
        this.pingLatency = Objects.requireNonNull(b.pingLatency, "pingLatency");
        this.local = Objects.requireNonNull(b.local, "local");
        this.ipfsStages = b.ipfsStages;
        this.gateways = b.gateways != null ? b.gateways
                : b.ipfsStages instanceof FallbackFetcher f && f.gateways() instanceof GatewayPool p ? p : null;
        this.requester = b.requester;
        this.config = Objects.requireNonNull(b.config, "config");
        this.hints = Objects.requireNonNull(b.hints, "hints");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.metrics = b.metrics != null ? b.metrics
                : new PeerMetrics(0.3, Duration.ofMinutes(30), 4096, clock);
        this.afterPeerFetch = Objects.requireNonNull(b.afterPeerFetch, "afterPeerFetch");
        this.beforeRemoteFetch = Objects.requireNonNull(b.beforeRemoteFetch, "beforeRemoteFetch");
        this.reputation = b.reputation != null ? b.reputation
                : new IndexReputation(config.distrustAfter(), config.forgetMissesAfter(), 4096, clock);
    }

    public static Builder builder(Blockstore local) {
        return new Builder(local);
    }

    public RoutingConfig config() {
        return config;
    }

    public PeerMetrics metrics() {
        return metrics;
    }

    public IndexReputation reputation() {
        return reputation;
    }

    Blockstore local() {
        return local;
    }

    Optional<ContentFetcher> ipfsStages() {
        return Optional.ofNullable(ipfsStages);
    }

    /** What runs after a ferry peer delivered the whole DAG a fetch asked for (the node pins it). */
    Consumer<Cid> afterPeerFetch() {
        return afterPeerFetch;
    }

    /** What runs before the sources are ranked for a CID missing locally (e.g. reaching its announcers). */
    Consumer<Cid> beforeRemoteFetch() {
        return beforeRemoteFetch;
    }

    Optional<FerryRequester> requester() {
        return Optional.ofNullable(requester);
    }

    /** A fetcher that follows this router's rankings. */
    public RoutedFetcher fetcher() {
        return new RoutedFetcher(this);
    }

    /** The candidates for {@code cid}, best first, without fetching anything. */
    public List<RankedCandidate> route(Cid cid) {
        return explain(cid).candidates();
    }

    /** The full decision for {@code cid}: its classes, the preference, the ranked candidates. */
    public Route explain(Cid cid) {
        Objects.requireNonNull(cid, "cid");
        Set<ContentClass> classes = config.policy().classify(facts(cid), clock.instant());
        Preference pref = config.policy().preference(classes);
        boolean isPrivate = classes.contains(ContentClass.PRIVATE);
        List<RankedCandidate> scored = new ArrayList<>();
        if (local.has(cid)) {
            add(scored, new Candidate.Local());
        }
        if (ipfsStages != null) {
            // before the peers: on equal scores our own Bitswap goes first, with no middleman
            add(scored, new Candidate.IpfsNetwork());
        }
        Map<PeerId, CapabilitiesRecord> table = new java.util.TreeMap<>(
                (x, y) -> java.util.Arrays.compareUnsigned(x.bytes(), y.bytes())); // a stable order, cheaply
        table.putAll(peers.get());
        for (Map.Entry<PeerId, CapabilitiesRecord> e : table.entrySet()) {
            PeerId peer = e.getKey();
            CapabilitiesRecord r = e.getValue();
            Did did = r.did();
            int level = Math.clamp(trust.levelOf(did), TrustLevels.MIN_LEVEL, TrustLevels.MAX_LEVEL);
            boolean hasIpfs = r.ipfs().enabled();
            if (r.mightServe(cid) && !reputation.distrusted(peer)) {
                add(scored, new Candidate.FerryPeer(peer, Optional.of(did), level, true, hasIpfs));
            }
            if (hasIpfs && !isPrivate) {
                add(scored, new Candidate.Proxy(peer, Optional.of(did), level));
            }
        }
        if (gateways != null) {
            for (GatewayScore g : gateways.scores()) {
                add(scored, new Candidate.Gateway(g.gateway(), g.score()));
            }
        }
        return new Route(cid, classes, pref, RoutingPolicy.order(scored, pref));
    }

    private void add(List<RankedCandidate> out, Candidate c) {
        out.add(new RankedCandidate(0, c, score(c)));
    }

    /** The score of one candidate under the configured weights and the current measurements. */
    public Score score(Candidate c) {
        ScoreWeights w = config.weights();
        Map<String, Double> parts = new LinkedHashMap<>();
        switch (c) {
            case Candidate.Local l -> parts.put("Local", w.local());
            case Candidate.FerryPeer p -> {
                if (p.indexMatch()) {
                    parts.put("Direct", w.directPeer());
                }
                if (p.hasIpfs()) {
                    parts.put("IpfsAccess", w.ipfsAccess());
                }
                parts.put("Trust", p.trust() * w.trustPerLevel());
                measured(p.peer(), w, parts);
                int misses = reputation.misses(p.peer());
                if (misses > 0) {
                    parts.put("Misses", -misses * w.missPenalty());
                }
            }
            case Candidate.Proxy p -> {
                parts.put("IpfsAccess", w.ipfsAccess());
                parts.put("Trust", p.trust() * w.trustPerLevel());
                measured(p.peer(), w, parts);
            }
            case Candidate.IpfsNetwork n -> parts.put("IpfsAccess", w.ipfsAccess());
            case Candidate.Gateway g -> {
                parts.put("IpfsAccess", w.ipfsAccess());
                latencyOf(g).ifPresent(d -> parts.put("Latency", -millis(d) * w.latencyPerMs()));
                parts.put("Gateway", g.score());
            }
        }
        return Score.of(parts);
    }

    private Optional<Duration> latencyOf(Candidate.Gateway g) {
        if (gateways == null) {
            return Optional.empty();
        }
        return gateways.scores().stream().filter(s -> s.gateway().equals(g.uri())).findFirst()
                .flatMap(GatewayScore::latency);
    }

    private void measured(PeerId peer, ScoreWeights w, Map<String, Double> parts) {
        PeerMetrics.Snapshot m = metrics.of(peer);
        OptionalDouble bw = m.bytesPerSecond();
        if (bw.isPresent()) {
            parts.put("Bandwidth", bw.getAsDouble() > w.fastBytesPerSecond() ? w.fastBonus() : 0.0);
        }
        Optional<Duration> lat = m.latency().or(() -> pingLatency.apply(peer));
        lat.ifPresent(d -> parts.put("Latency", -millis(d) * w.latencyPerMs()));
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    /** The hints' facts plus what the router sees itself: the local root's size, earlier IPFS deliveries. */
    ContentFacts facts(Cid cid) {
        ContentFacts h = hints.factsOf(cid);
        OptionalLong size = h.size();
        if (size.isEmpty()) {
            size = localSize(cid);
        }
        boolean pub = h.isPublic() || seenPublic.contains(cid.multihash());
        return new ContentFacts(size, h.addedAt(), h.isPrivate(), pub);
    }

    /** The IPFS stages delivered {@code cid}: it is public from now on. */
    void markPublic(Cid cid) {
        seenPublic.add(cid.multihash());
    }

    private OptionalLong localSize(Cid cid) {
        Optional<Block> b;
        try {
            b = local.get(cid);
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
        if (b.isEmpty()) {
            return OptionalLong.empty();
        }
        Block block = b.get();
        if (block.cid().codec() != Multicodec.DAG_PB.code()) {
            return OptionalLong.of(block.size());
        }
        try {
            PbNode node = PbCodec.decode(block.data());
            if (node.data() == null) {
                return OptionalLong.empty();
            }
            UnixfsData d = UnixfsDataCodec.decode(node.data());
            if (d.filesize() != null) {
                return OptionalLong.of(d.filesize());
            }
            if (!d.blocksizes().isEmpty()) {
                return OptionalLong.of(d.blocksizes().stream().mapToLong(Long::longValue).sum());
            }
            return d.data() == null ? OptionalLong.empty() : OptionalLong.of(d.data().length);
        } catch (DagPbException | UnixfsException e) {
            return OptionalLong.empty();
        }
    }

    /** Builds a router; only the local store is required (then it knows no peers, no IPFS stages). */
    public static final class Builder {
        private final Blockstore local;
        private Supplier<Map<PeerId, CapabilitiesRecord>> peers = Map::of;
        private TrustLevels trust = TrustLevels.NONE;
        private Function<PeerId, Optional<Duration>> pingLatency = p -> Optional.empty();
        private ContentFetcher ipfsStages;
        private GatewayPool gateways;
        private FerryRequester requester;
        private RoutingConfig config = RoutingConfig.defaults();
        private ContentHints hints = ContentHints.NONE;
        private InstantSource clock = InstantSource.system();
        private PeerMetrics metrics;
        private IndexReputation reputation;
        private Consumer<Cid> afterPeerFetch = cid -> { };
        private Consumer<Cid> beforeRemoteFetch = cid -> { };

        private Builder(Blockstore local) {
            this.local = local;
        }

        /** The connected ferry peers' verified capabilities ({@code CapabilitiesService::table}). */
        public Builder peers(Supplier<Map<PeerId, CapabilitiesRecord>> v) {
            this.peers = v;
            return this;
        }

        public Builder trust(TrustLevels v) {
            this.trust = v;
            return this;
        }

        /** Latency to use before the router has measured its own (e.g. the peer store's ping average). */
        public Builder pingLatency(Function<PeerId, Optional<Duration>> v) {
            this.pingLatency = v;
            return this;
        }

        public Builder ipfsStages(ContentFetcher v) {
            this.ipfsStages = v;
            return this;
        }

        /** The gateway candidates' pool, when the IPFS stages are not a {@link FallbackFetcher} that has one. */
        public Builder gateways(GatewayPool v) {
            this.gateways = v;
            return this;
        }

        public Builder requester(FerryRequester v) {
            this.requester = v;
            return this;
        }

        public Builder config(RoutingConfig v) {
            this.config = v;
            return this;
        }

        public Builder hints(ContentHints v) {
            this.hints = v;
            return this;
        }

        public Builder clock(InstantSource v) {
            this.clock = v;
            return this;
        }

        public Builder metrics(PeerMetrics v) {
            this.metrics = v;
            return this;
        }

        public Builder reputation(IndexReputation v) {
            this.reputation = v;
            return this;
        }

        /**
         * Runs (on the fetching thread) after a ferry peer or proxy delivered the whole DAG under the CID a fetch
         * session was first asked for; its failures are logged, never thrown to the reader.
         */
        public Builder afterPeerFetch(Consumer<Cid> v) {
            this.afterPeerFetch = v;
            return this;
        }

        /**
         * Runs (on the fetching thread, bounded in time by the caller's own means) before the sources of a CID that is
         * not local are ranked: a chance to connect to peers known to hold it, so that they rank as the connected
         * peers they then are. Its failures are logged, never thrown to the reader.
         */
        public Builder beforeRemoteFetch(Consumer<Cid> v) {
            this.beforeRemoteFetch = v;
            return this;
        }

        public ContentRouter build() {
            return new ContentRouter(this);
        }
    }
}
