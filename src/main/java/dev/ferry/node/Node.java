package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.walk.Links;
import dev.ferry.exchange.bitswap.Bitswap;
import dev.ferry.exchange.bitswap.BitswapConfig;
import dev.ferry.exchange.bitswap.server.PeerWeights;
import dev.ferry.exchange.bitswap.wire.BitswapProtocol;
import dev.ferry.net.autonat.AutonatServer;
import dev.ferry.net.autonat.v2.AutonatV2Server;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.ping.PingService;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.exchange.ferry.CapabilitiesConfig;
import dev.ferry.exchange.ferry.CapabilitiesService;
import dev.ferry.pubsub.ContentNotices;
import dev.ferry.routing.dht.Dht;
import dev.ferry.net.fetch.FetchService;
import dev.ferry.pubsub.Pubsub;
import dev.ferry.pubsub.PubsubConfig;
import dev.ferry.pubsub.PubsubRouter;
import dev.ferry.pubsub.SignaturePolicy;
import dev.ferry.exchange.ferry.ContentIndexBuilder;
import dev.ferry.exchange.ferry.IpfsNode;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.trust.TrustStore;
import dev.ferry.exchange.ferry.request.FerryRequestService;
import dev.ferry.exchange.ferry.request.RequestConfig;
import dev.ferry.policy.privacy.PrivateContent;
import dev.ferry.policy.privacy.PrivateContentGate;
import dev.ferry.policy.privacy.PrivateServePolicy;
import dev.ferry.policy.bandwidth.BandwidthBudgets;
import dev.ferry.policy.bandwidth.PeerCapMultiplier;
import dev.ferry.policy.bandwidth.BandwidthLimits;
import java.time.InstantSource;
import java.util.function.Consumer;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.node.repo.SwarmKeyFile;
import dev.ferry.routing.BitswapFetcher;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FallbackFetcher;
import dev.ferry.routing.delegated.DelegatedRouter;
import dev.ferry.routing.delegated.DelegatedRouters;
import dev.ferry.routing.gateway.BlockGateways;
import dev.ferry.routing.gateway.GatewayClient;
import dev.ferry.routing.gateway.ProviderGateways;
import dev.ferry.routing.gateway.GatewayPool;
import dev.ferry.routing.gateway.GatewayPoolConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.PeerInfo;
import dev.ferry.node.content.AddTimes;
import dev.ferry.node.content.ContentLock;
import dev.ferry.exchange.ferry.pin.PinService;
import dev.ferry.policy.pinning.PinningConfig;
import dev.ferry.policy.pinning.ReciprocityConfig;
import dev.ferry.policy.pinning.ReplicaKeeper;
import dev.ferry.policy.pinning.StorageLedger;
import dev.ferry.policy.replication.ReplicationConfig;
import dev.ferry.policy.replication.SwarmReplication;
import dev.ferry.node.content.Pinner;
import dev.ferry.routing.router.ContentFacts;
import dev.ferry.routing.router.ContentRouter;
import dev.ferry.routing.router.RoutedFetcher;
import dev.ferry.routing.router.RoutingConfig;
import dev.ferry.routing.prefetch.Prefetcher;
import dev.ferry.routing.prefetch.SuccessorModel;
import dev.ferry.routing.prefetch.SuccessorModelFile;
import dev.ferry.routing.prefetch.SuccessorModelSaver;
import dev.ferry.routing.prefetch.UserFetches;
import dev.ferry.store.Blockstore;
import dev.ferry.store.PinType;

/**
 * A running ferry node: the repository (held locked), the libp2p host listening on {@code Addresses.Swarm} with
 * identify, ping, Bitswap and ferry's capabilities and request protocols, the peering service for
 * {@code Peering.Peers}, and the content router whose fetcher reads content: local store, ferry peers whose index
 * holds it (or that proxy for us), then the IPFS stages (Bitswap, then, when no peer delivers within
 * {@code Gateway.FallbackDelay}, the gateways of providers found for the content (HTTP retrieval) and the trustless
 * gateways of {@code Gateway.Fallback}). Providers are looked up on the DHT and at the HTTP routers of
 * {@code Routing.DelegatedRouters}. Thread-safe; {@link #close()}
 * stops the network first, then closes the repository.
 */
public final class Node implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Node.class);

    /** Default of {@code Gateway.FallbackDelay}. */
    public static final String DEFAULT_FALLBACK_DELAY = "2s";

    /** The protocols a running node answers with the default configuration, sorted. */
    public static final List<String> PROTOCOLS = Stream.concat(
            Stream.of(IdentifyService.PROTOCOL_ID, IdentifyService.PUSH_PROTOCOL_ID, PingService.PROTOCOL_ID,
                    CapabilitiesService.PROTOCOL_ID, FerryRequestService.PROTOCOL_ID, PinService.PROTOCOL_ID,
                    dev.ferry.exchange.ferry.proof.ProofService.PROTOCOL_ID,
                    dev.ferry.routing.dht.DhtConfig.PUBLIC, FetchService.PROTOCOL_ID, AutonatServer.PROTOCOL_ID,
                    dev.ferry.net.relay.RelayService.STOP_PROTOCOL_ID,
                    AutonatV2Server.DIAL_REQUEST, AutonatV2Server.DIAL_BACK,
                    dev.ferry.net.dcutr.HolePunchService.PROTOCOL_ID),
            Stream.concat(Stream.of(BitswapProtocol.values()).map(BitswapProtocol::id),
                    Stream.of(Pubsub.MESHSUB_12_ID, Pubsub.MESHSUB_11_ID, Pubsub.MESHSUB_10_ID, Pubsub.FLOODSUB_ID)))
                    .sorted().toList();

    /**
     * The protocols a node on this configuration answers: {@link #PROTOCOLS} less pubsub's (and fetch, which serves
     * IPNS over pubsub) when it is disabled, less fetch when {@code Ipns.UsePubsub} is false, and less the DHT's when
     * the node is no DHT server ({@code Routing.Type} {@code dhtclient} or {@code none}), and less the AutoNAT
     * services {@code AutoNAT.ServiceMode} turns off.
     */
    public static List<String> protocols(RepoConfig cfg) {
        List<String> off = new ArrayList<>();
        if (pubsubConfig(cfg).isEmpty()) {
            off.addAll(List.of(Pubsub.MESHSUB_12_ID, Pubsub.MESHSUB_11_ID, Pubsub.MESHSUB_10_ID, Pubsub.FLOODSUB_ID,
                    FetchService.PROTOCOL_ID));
        }
        if (!cfg.bool("Ipns.UsePubsub", true)) {
            off.add(FetchService.PROTOCOL_ID);
        }
        String routing = cfg.string("Routing.Type", "auto");
        if (!List.of("", "auto", "dht", "dhtserver").contains(routing)) {
            off.add(dev.ferry.routing.dht.DhtConfig.PUBLIC); // a DHT client, or no DHT
        }
        if (!AutonatSettings.of(cfg).service()) {
            off.add(AutonatServer.PROTOCOL_ID);
        }
        if (!AutonatSettings.of(cfg).v2Service()) {
            off.add(AutonatV2Server.DIAL_REQUEST);
        }
        RelaySettings.Values relay = RelaySettings.of(cfg);
        if (!relay.client()) {
            off.add(dev.ferry.net.relay.RelayService.STOP_PROTOCOL_ID);
        }
        if (!HolePunchSettings.enabled(cfg)) {
            off.add(dev.ferry.net.dcutr.HolePunchService.PROTOCOL_ID);
        }
        // the relay service is served from the start only when enabled outright (else once AutoNAT finds us public)
        Stream<String> on = relay.service() == RelaySettings.Service.ON
                ? Stream.of(dev.ferry.net.relay.RelayService.HOP_PROTOCOL_ID) : Stream.empty();
        return Stream.concat(PROTOCOLS.stream().filter(p -> !off.contains(p)), on).sorted().toList();
    }

    private final Repo repo;
    private final Identity identity;
    private final Hosts.Services services;
    private final PeeringService peering;
    private final Bitswap bitswap;
    private final ContentRouter router;
    private final RoutedFetcher fetcher;
    private final TrustStore trust;
    private final CapabilitiesService capabilities;
    private final Privacy privacy;
    private final AddTimes addTimes;
    private final Pubsub pubsub; // null when Pubsub.Enabled is false
    private final ContentNotices notices; // null when Pubsub.Enabled is false
    private final NodeDht dht; // null when Routing.Type is none or delegated
    private final NodePinning pinning;
    private final SwarmReplication replication; // null unless Replication.Enabled (and pubsub runs)
    private final NameSystem names;
    private final CreditorCaps creditorCaps; // null unless a per-peer cap is set and ServeFirst is on
    private final dev.ferry.dag.mfs.Mfs files;
    private final UserFetches userFetches; // fetcher(), counting its open sessions
    private final UserFetches cachingFetches; // cachingFetcher(), counted with the same sessions
    private final Prefetcher prefetcher;
    private final PrefetchSettings.Values prefetchSettings;
    private final SuccessorModelSaver prefetchModelSaver; // null unless prefetching is on and its model kept
    private HttpRouting http; // set once by start, right after construction
    private NodeAutonat autonat; // set once by start, right after construction
    private NodeRelay relay; // likewise
    private GcSettings gcSettings; // likewise
    private AutoGc autoGc; // with --enable-gc only

    /** The file listing private roots and their blocks, in the repository. */
    public static final String PRIVATE_CONTENT_FILE = "private-content";

    /**
     * Routing and retrieval over HTTP: the HTTP routers (possibly none), providers' gateways (null when HTTP
     * retrieval is off), the provider lookups before fetches (null with neither DHT nor routers), and the merged
     * answers of the DHT and the routers.
     */
    private record HttpRouting(DelegatedRouters routers, ProviderGateways gateways, ProviderReach reach,
            NodeRouting routing) implements AutoCloseable {
        @Override
        public void close() {
            if (reach != null) {
                reach.close();
            }
            if (gateways != null) {
                gateways.close();
            }
            routers.close();
        }
    }

    /** The private-content set and the request protocol that serves it to trusted peers. */
    private record Privacy(PrivateContent content, FerryRequestService requests) {}

    /** {@code Exchange.PrivateTrust}, {@code Exchange.ProxyTrust} (0–10) and {@code Exchange.MaxTtl}. */
    record ExchangeSettings(int privateTrust, int proxyTrust, int maxTtl) {}

    static ExchangeSettings exchangeSettings(RepoConfig cfg) {
        int privateTrust = (int) cfg.number("Exchange.PrivateTrust", 5);
        int proxyTrust = (int) cfg.number("Exchange.ProxyTrust", 5);
        int maxTtl = (int) cfg.number("Exchange.MaxTtl", 3);
        if (privateTrust < 0 || privateTrust > 10 || proxyTrust < 0 || proxyTrust > 10) {
            throw new RepoException("config Exchange.PrivateTrust and Exchange.ProxyTrust are trust levels 0-10");
        }
        if (maxTtl < 0 || maxTtl > 16) {
            throw new RepoException("config Exchange.MaxTtl must be 0-16: " + maxTtl);
        }
        return new ExchangeSettings(privateTrust, proxyTrust, maxTtl);
    }
    private final GatewayPool gateways;
    private final dev.ferry.node.p2p.StreamMounting streamMounting;

    private Node(Repo repo, Identity identity, Hosts.Services services, PeeringService peering, Bitswap bitswap,
            ContentRouter router, GatewayPool gateways, TrustStore trust, CapabilitiesService capabilities,
            Privacy privacy, AddTimes addTimes, Pubsub pubsub, ContentNotices notices, NodePinning pinning,
            SwarmReplication replication, NodeDht dht, NameSystem names, CreditorCaps creditorCaps) {
        this.pinning = pinning;
        this.creditorCaps = creditorCaps;
        this.replication = replication;
        this.names = names;
        this.files = new dev.ferry.dag.mfs.Mfs(new dev.ferry.node.repo.FilesRootFile(repo.path()));
        this.streamMounting = new dev.ferry.node.p2p.StreamMounting(services.host());
        this.dht = dht;
        this.addTimes = addTimes;
        this.pubsub = pubsub;
        this.notices = notices;
        this.repo = repo;
        this.identity = identity;
        this.services = services;
        this.peering = peering;
        this.bitswap = bitswap;
        this.router = router;
        this.fetcher = router.fetcher();
        this.trust = trust;
        this.capabilities = capabilities;
        this.privacy = privacy;
        this.gateways = gateways;
        this.userFetches = new UserFetches(fetcher);
        this.cachingFetches = userFetches.sharing(fetcher.withoutHandOver());
        this.prefetchSettings = PrefetchSettings.of(repo.config());
        this.prefetcher = prefetcher(repo, prefetchSettings, fetcher.withoutHandOver(), privacy.content(),
                userFetches);
        this.prefetchModelSaver = prefetchSettings.prefetch().enabled() && prefetchSettings.persist()
                ? SuccessorModelSaver.start(repo.path().resolve(PrefetchSettings.MODEL_FILE), prefetcher.model(),
                        prefetchSettings.saveEvery())
                : null;
    }

    /**
     * Predictive caching ({@code Prefetch.*}): prefetched content comes through the caching fetch path (never pinned,
     * as the gateway's), private content is neither learned nor fetched, and prefetching yields while
     * {@code Prefetch.BusyFetches} user fetches are open. The model is read from the repository when it is kept there
     * (and saved there every {@code Prefetch.SaveEvery} while it changes, and at shutdown).
     */
    private static Prefetcher prefetcher(Repo repo, PrefetchSettings.Values settings, ContentFetcher caching,
            PrivateContent privateContent, UserFetches users) {
        SuccessorModel model = new SuccessorModel(settings.model(), InstantSource.system());
        if (settings.prefetch().enabled() && settings.persist()) {
            SuccessorModelFile.readInto(repo.path().resolve(PrefetchSettings.MODEL_FILE), model);
        }
        int busy = settings.prefetch().busyFetches();
        return Prefetcher.builder(caching).config(settings.prefetch()).model(model)
                .excluding(privateContent::isPrivate).busy(() -> users.open() >= busy).build();
    }

    /** The gateway fallback settings of a config, checked. */
    record GatewayFallback(List<URI> urls, Duration delay) {
    }

    /**
     * {@code Gateway.Fallback} (a list of http(s) base URLs of trustless gateways, default empty) and
     * {@code Gateway.FallbackDelay} (how long peers have before the gateways are asked too, default 2s).
     *
     * @throws RepoException naming the key and what is wrong with it
     */
    static GatewayFallback gatewayFallback(RepoConfig cfg) {
        List<URI> urls = new ArrayList<>();
        var list = cfg.get("Gateway.Fallback").filter(n -> !n.isNull()).orElse(null);
        if (list != null) {
            if (!list.isArray()) {
                throw new RepoException("config Gateway.Fallback must be a list of gateway URLs, e.g. "
                        + "[\"https://trustless-gateway.link\"]");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isTextual()) {
                    throw new RepoException("config Gateway.Fallback[" + i + "] must be a URL string, not " + item);
                }
                try {
                    urls.add(GatewayClient.parse(item.asText()));
                } catch (IllegalArgumentException e) {
                    throw new RepoException("config Gateway.Fallback[" + i + "]: " + e.getMessage());
                }
            }
        }
        String delayText = cfg.string("Gateway.FallbackDelay", DEFAULT_FALLBACK_DELAY);
        Duration delay;
        try {
            delay = Durations.parse(delayText);
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Gateway.FallbackDelay: " + e.getMessage());
        }
        if (delay.isNegative()) {
            throw new RepoException("config Gateway.FallbackDelay must not be negative: " + delayText);
        }
        return new GatewayFallback(List.copyOf(urls), delay);
    }

    /**
     * {@code Bandwidth.P2PLimit} (traffic with ferry peers), {@code Bandwidth.IPFSLimit} (plain IPFS peers) and
     * {@code Bandwidth.PerPeerLimit}: bytes per second each way, 0 or absent for no cap.
     */
    public static BandwidthLimits bandwidthLimits(RepoConfig cfg) {
        long p2p = cfg.number("Bandwidth.P2PLimit", 0);
        long ipfs = cfg.number("Bandwidth.IPFSLimit", 0);
        long perPeer = cfg.number("Bandwidth.PerPeerLimit", 0);
        for (var e : java.util.Map.of("P2PLimit", p2p, "IPFSLimit", ipfs, "PerPeerLimit", perPeer).entrySet()) {
            if (e.getValue() < 0) {
                throw new RepoException("config Bandwidth." + e.getKey() + " must be bytes per second, 0 for none: "
                        + e.getValue());
            }
        }
        return new BandwidthLimits(p2p, ipfs, perPeer);
    }

    /**
     * What this node announces in its capabilities record: IPFS access on its swarm addresses, the public gateway of
     * {@code Exchange.PublicGateway} (an http(s) URL, default none), the bandwidth offer ({@code Bandwidth.P2PLimit}
     * each way, 0 for none), and its content index's false-positive rate ({@code Exchange.IndexFalsePositiveRate},
     * default 0.01, from 0.000001 to 0.5).
     */
    static CapabilitiesConfig capabilitiesConfig(RepoConfig cfg, List<Multiaddr> swarm) {
        IpfsNode ipfs = IpfsNode.ferry(swarm);
        String gateway = cfg.string("Exchange.PublicGateway", "");
        if (!gateway.isEmpty()) {
            try {
                ipfs = ipfs.withGateway(URI.create(gateway));
            } catch (IllegalArgumentException e) {
                throw new RepoException("config Exchange.PublicGateway: " + e.getMessage());
            }
        }
        double fp = 0.01;
        var fpValue = cfg.get("Exchange.IndexFalsePositiveRate").filter(n -> !n.isNull());
        if (fpValue.isPresent()) {
            if (!fpValue.get().isNumber() || !(fpValue.get().asDouble() >= 0.000001 && fpValue.get().asDouble() <= 0.5)) {
                throw new RepoException("config Exchange.IndexFalsePositiveRate must be a number from 0.000001 to 0.5: "
                        + fpValue.get());
            }
            fp = fpValue.get().asDouble();
        }
        long p2p = bandwidthLimits(cfg).p2pBytesPerSecond();
        return CapabilitiesConfig.defaults().withIpfs(ipfs).withFalsePositiveRate(fp)
                .withBandwidth(new dev.ferry.exchange.ferry.BandwidthLimit(p2p, p2p));
    }

    /**
     * The router's settings: the {@code Exchange.*} keys of {@link RoutingConfig#fromValues}, plus
     * {@code Exchange.UseIndexes} (default true: the router uses ferry peers' capabilities; false: it fetches as a
     * plain IPFS node, Bitswap then gateways) and {@code Exchange.PinAfterPeerFetch} (default true: content that a
     * ferry peer delivered whole is pinned, so it stays available here).
     */
    record RoutingSettings(RoutingConfig config, boolean useIndexes, boolean pinAfterPeerFetch) {}

    static RoutingSettings routingSettings(RepoConfig cfg) {
        RoutingConfig rc;
        try {
            rc = RoutingConfig.fromValues(key -> cfg.get(key).filter(n -> !n.isNull())
                    .map(n -> n.isArray() ? n.toString() : n.asText()));
        } catch (IllegalArgumentException e) {
            throw new RepoException(e.getMessage());
        }
        return new RoutingSettings(rc, flag(cfg, "Exchange.UseIndexes", true),
                flag(cfg, "Exchange.PinAfterPeerFetch", true));
    }

    private static boolean flag(RepoConfig cfg, String key, boolean dflt) {
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isPresent() && !v.get().isBoolean()) {
            throw new RepoException("config " + key + " must be true or false: " + v.get());
        }
        return v.map(JsonNode::asBoolean).orElse(dflt);
    }

    private static ContentRouter router(Repo repo, Host host, CapabilitiesService caps, TrustStore trust,
            PrivateContent privateContent, AddTimes addTimes, ContentFetcher ipfsStages, GatewayPool gateways,
            FerryRequestService requests,
            RoutingSettings settings, Consumer<Cid> beforeRemoteFetch, java.util.function.Predicate<Cid> keptForPeers) {
        Blockstore blocks = repo.blocks();
        return ContentRouter.builder(blocks)
                .beforeRemoteFetch(beforeRemoteFetch)
                .peers(settings.useIndexes() ? caps::table : Map::of)
                .trust(trust)
                .pingLatency(p -> host.peerStore().get(p).flatMap(PeerInfo::latencyIfKnown))
                .ipfsStages(ipfsStages)
                .gateways(gateways)
                .requester(settings.useIndexes() ? requests : null)
                .config(settings.config())
                .hints(cid -> new ContentFacts(OptionalLong.empty(), addTimes.addedAt(cid), privateContent.isPrivate(cid),
                        false))
                .afterPeerFetch(root -> {
                    if (settings.pinAfterPeerFetch()) {
                        pinFetched(repo, root, keptForPeers);
                    }
                    caps.contentChanged(); // what we now hold, we can serve
                })
                .build();
    }

    /**
     * Pins a DAG a peer delivered, under the content lock so that a collection cannot take it half-way; not a DAG
     * fetched to be kept for a peer (that one is the peer's to drop).
     */
    private static void pinFetched(Repo repo, Cid root, java.util.function.Predicate<Cid> keptForPeers) {
        if (keptForPeers.test(root)) {
            return;
        }
        try (ContentLock.Held held = ContentLock.of(repo.blocks()).writing()) {
            if (!repo.pins().isPinned(root, PinType.RECURSIVE)) {
                new Pinner(repo.blocks(), repo.pins()).pinRecursive(root);
            }
        }
    }

    /** Starts a node on an open repository; the node owns the repository from then on. */
    public static Node start(Repo repo) throws IOException {
        RepoConfig cfg = repo.config();
        Identity identity = repo.identity();
        GatewayFallback fallback = gatewayFallback(cfg); // a config error stops the start before anything opens
        HttpRoutingSettings.of(cfg, false);
        bandwidthLimits(cfg);
        exchangeSettings(cfg);
        capabilitiesConfig(cfg, List.of());
        RoutingSettings routing = routingSettings(cfg);
        PrefetchSettings.of(cfg);
        Optional<PubsubConfig> pubsubConfig = pubsubConfig(cfg);
        PinningConfig pinningConfig = PinningSettings.of(cfg);
        ReciprocityConfig reciprocity = PinningSettings.reciprocity(cfg);
        boolean serveFirst = PinningSettings.serveFirst(cfg);
        ReplicationConfig replicationConfig = ReplicationSettings.of(cfg);
        List<Multiaddr> announce = announceAddresses(cfg);
        List<Multiaddr> appendAnnounce = appendAnnounceAddresses(cfg);
        var addrFilters = SwarmSettings.addrFilters(cfg);
        var noAnnounce = SwarmSettings.noAnnounce(cfg);
        HostConfig hostConfig = ResourceManagerSettings.apply(cfg, repo.path(), SwarmSettings.streamIdleTimeout(cfg,
                SwarmSettings.transports(cfg, SwarmSettings.connectionManager(cfg, HostConfig.defaults()))));
        Duration idle = hostConfig.streamIdleTimeout();
        NodeDht.reprovideInterval(cfg);
        AutonatSettings.Values autonatSettings = AutonatSettings.of(cfg);
        RelaySettings.Values relaySettings = RelaySettings.of(cfg);
        AutoRelaySettings autoRelayMode = AutoRelaySettings.of(cfg);
        boolean holePunching = HolePunchSettings.enabled(cfg);
        GcSettings gcSettings = GcSettings.of(cfg); // read with or without --enable-gc: a typo shows at once
        SwarmKey swarmKey = SwarmKeyFile.forHost(repo.path(), System.getenv()).orElse(null);
        Hosts.Services services = Hosts.create(identity, hostConfig.withPrivateNetwork(swarmKey));
        // before any dial or accept: peering, bootstrap and the DHT all dial through these filters
        services.host().addrFilters().add(addrFilters);
        services.host().setNoAnnounce(noAnnounce);
        GatewayPool gateways = null;
        Pubsub pubsub = null;
        ContentNotices notices = null;
        NodePinning pinning = null;
        SwarmReplication replication = null;
        NodeDht dht = null;
        FetchService fetch = null;
        CreditorCaps creditorCaps = null;
        NodeAutonat autonat = null;
        NodeRelay relay = null;
        HttpRouting http = null;
        ReplicaKeeper[] keeperRef = {null}; // the router is made before the keeper that uses it
        SwarmReplication[] replicationRef = {null}; // the proof responder is made before the replication it asks
        try {
            List<Multiaddr> listen = new ArrayList<>();
            for (String a : cfg.strings("Addresses.Swarm")) {
                listen.add(Multiaddr.parse(a));
            }
            // private content is never served over Bitswap, to anyone
            PrivateContent privateContent = PrivateContent.open(repo.path().resolve(PRIVATE_CONTENT_FILE));
            // what peers proved they keep for this node: content kept for them on credit, and Bitswap serves them first
            StorageLedger ledger = NodePinning.openLedger(repo, reciprocity);
            PeerWeights creditors = serveFirst ? new CreditorWeights(ledger::creditOf) : PeerWeights.EQUAL;
            Bitswap bitswap = Bitswap.start(services.host(), repo.blocks(), Links::of,
                    new PrivateContentGate(privateContent), creditors, BitswapConfig.defaults());
            // before listening, so that identify announces its protocols from the first connection on
            pubsub = pubsubConfig.isPresent() ? Pubsub.start(services.host(), identity, pubsubConfig.get()) : null;
            if (pubsub != null) {
                Host host = services.host();
                notices = ContentNotices.start(pubsub, identity.peerId(), host::announceAddresses,
                        InstantSource.system());
            }
            // before listening too: identify tells peers this node serves the DHT
            dht = NodeDht.start(cfg, services.host(), swarmKey != null, repo.pins(), privateContent::isPrivate)
                    .orElse(null);
            http = httpRouting(HttpRoutingSettings.of(cfg, swarmKey != null), services.host(), dht, repo.blocks());
            // IPNS over pubsub answers fetch requests for names' records (Kubo's Ipns.UsePubsub; on by default here)
            fetch = pubsub != null && cfg.bool("Ipns.UsePubsub", true) ? FetchService.install(services.host()) : null;
            autonat = NodeAutonat.start(services.host(), autonatSettings); // before listening too
            relay = NodeRelay.install(services.host(), relaySettings, autonat.client(), autoRelayMode,
                    holePunching); // and this
            services.host().setAnnounceAddresses(announce);
            services.host().setAppendAnnounce(appendAnnounce);
            services.host().start(listen);
            relay.start();
            PeeringService peering = new PeeringService(services.host());
            for (PeeringService.Peer p : peeringPeers(cfg)) {
                peering.add(p);
            }
            if (pubsub != null) {
                // as Kubo: peered nodes get every message of their topics, outside the mesh
                pubsub.setDirectPeers(peeringPeers(cfg).stream().map(PeeringService.Peer::id).toList());
            }
            GatewayPool pool = GatewayPool.of(fallback.urls(), GatewayPoolConfig.defaults());
            gateways = pool;
            BitswapFetcher bitswapFetcher = new BitswapFetcher(repo.blocks(), bitswap);
            // providers' gateways first: they were found for the content; the configured ones are the last resort
            ContentFetcher ipfsStages = new FallbackFetcher(bitswapFetcher, http.gateways() == null ? pool
                    : BlockGateways.inOrder(http.gateways(), pool), fallback.delay());
            TrustStore trust = TrustStore.open(repo.path());
            if (pubsub != null) {
                pubsub.setAppScore(trust::levelOf); // the peers the user trusts stay in the meshes
            }
            CapabilitiesConfig capsConfig = capabilitiesConfig(cfg, services.host().announceAddresses());
            capsConfig = capsConfig.withExchangeTimeout(SwarmSettings.atMost(capsConfig.exchangeTimeout(), idle));
            CapabilitiesService caps = CapabilitiesService.start(services.host(), identity,
                    ContentIndexBuilder.of(repo.blocks(), capsConfig).filtered(privateContent.announceFilter())
                            .asSupplier(), capsConfig, trust, InstantSource.system());
            ExchangeSettings ex = exchangeSettings(cfg);
            FerryRequestService requests = FerryRequestService.start(services.host(), repo.blocks(), trust,
                    new PrivateServePolicy(privateContent, trust, ex.privateTrust()),
                    new NodeProxyUpstream(repo.blocks(), bitswapFetcher, pool),
                    RequestConfig.defaults().withProxyTrust(ex.proxyTrust()).withMaxTtl(ex.maxTtl())
                            .withIdleTimeout(SwarmSettings.atMost(RequestConfig.defaults().idleTimeout(), idle)),
                    (cid, data) -> Links.supports(cid.codec()) ? Links.of(cid, data) : List.of(), InstantSource.system());
            requests.setPeerWeights(creditors); // creditors may fetch more DAGs from this node at once
            AddTimes addTimes = AddTimes.open(repo.path());
            ContentRouter router = router(repo, services.host(), caps, trust, privateContent, addTimes, ipfsStages,
                    pool, requests, routing, beforeRemoteFetch(services.host(), notices, http.reach()),
                    cid -> keeperRef[0] != null && keeperRef[0].isFetching(cid));
            BandwidthLimits limits = bandwidthLimits(cfg);
            if (!limits.isUnlimited()) {
                // creditors' own caps grow with the weight their credit buys (ServeFirst), refreshed at each step
                if (serveFirst && limits.perPeerBytesPerSecond() > 0) {
                    Host host = services.host();
                    creditorCaps = new CreditorCaps(creditors, host::refreshBandwidthPolicy, host::isConnected).start();
                    ledger.addCreditListener(creditorCaps::creditChanged);
                }
                // a peer that sent us a capabilities record is a ferry peer; everyone else is plain IPFS traffic
                services.host().setBandwidthPolicy(new BandwidthBudgets(limits,
                        peer -> caps.peerCapabilities(peer).isPresent(),
                        creditorCaps == null ? PeerCapMultiplier.NONE : creditorCaps));
            }
            ContentNotices heard = notices;
            // a DAG kept for others is news: nodes that hear of it can fetch it here when its owner is away
            pinning = NodePinning.start(repo, services.host(), router.fetcher(), caps, trust, pinningConfig, reciprocity,
                    ledger, root -> {
                        if (heard != null && !privateContent.isPrivate(root)) {
                            heard.announce(List.of(root));
                        }
                    }, privateContent::isPrivate, did -> replicationRef[0] != null && replicationRef[0].isMember(did));
            keeperRef[0] = pinning.keeper();
            replication = NodeReplication.start(repo, replicationConfig, identity, services.host(), pubsub, caps,
                    trust, pinning, privateContent).orElse(null);
            replicationRef[0] = replication;
            NameSystem names = NameSystem.start(cfg, repo, dht == null ? null : dht.dht(), pubsub, fetch);
            if (!http.routers().isEmpty() || !http.routers().publishers().isEmpty()) {
                names.useRouters(http.routers());
            }
            Node node = new Node(repo, identity, services, peering, bitswap, router, pool, trust, caps,
                    new Privacy(privateContent, requests), addTimes, pubsub, notices, pinning, replication, dht,
                    names, creditorCaps);
            node.autonat = autonat;
            node.http = http;
            node.relay = relay;
            node.gcSettings = gcSettings;
            return node;
        } catch (IOException | RuntimeException e) {
            if (relay != null) {
                relay.close();
            }
            if (autonat != null) {
                autonat.close();
            }
            if (creditorCaps != null) {
                creditorCaps.close();
            }
            if (replication != null) {
                replication.close();
            }
            if (pinning != null) {
                pinning.close();
            }
            if (dht != null) {
                dht.close();
            }
            if (http != null) {
                http.close();
            }
            if (gateways != null) {
                gateways.close();
            }
            if (notices != null) {
                notices.close();
            }
            if (pubsub != null) {
                pubsub.close();
            }
            services.close();
            throw e;
        }
    }

    /**
     * {@code Pubsub.Enabled} (default true: announcing new content is part of what a ferry node does),
     * {@code Pubsub.Router} ({@code gossipsub}, the default, or {@code floodsub}; Kubo's empty string means the
     * default), {@code Pubsub.DisableSigning} (anonymous messages, for every peer of the swarm alike) and
     * {@code Pubsub.PeerScoring} (gossipsub v1.1 peer scores, default true; false keeps every peer in the meshes
     * whatever it does, as Kubo's nodes) and {@code Pubsub.PeerExchange} (v1.1's peer exchange, default true; it needs
     * the scores).
     */
    static Optional<PubsubConfig> pubsubConfig(RepoConfig cfg) {
        if (!cfg.bool("Pubsub.Enabled", true)) {
            return Optional.empty();
        }
        PubsubRouter router = switch (cfg.string("Pubsub.Router", "")) {
            case "", "gossipsub" -> PubsubRouter.GOSSIPSUB;
            case "floodsub" -> PubsubRouter.FLOODSUB;
            default -> throw new RepoException("config Pubsub.Router must be gossipsub or floodsub: "
                    + cfg.string("Pubsub.Router", ""));
        };
        PubsubConfig c = PubsubConfig.defaults().withRouter(router);
        if (cfg.bool("Pubsub.DisableSigning", false)) {
            c = c.withSignaturePolicy(SignaturePolicy.STRICT_NO_SIGN);
        }
        if (!cfg.bool("Pubsub.PeerScoring", true)) {
            c = c.withScoring(null);
        } else if (!cfg.bool("Pubsub.PeerExchange", true)) {
            c = c.withScoring(c.scoring().withPeerExchange(false));
        }
        return Optional.of(c);
    }

    /**
     * {@code Addresses.Announce}: the addresses peers are told instead of the listening ones (Kubo's key; empty, the
     * default, announces the listening addresses with {@code 0.0.0.0} and {@code ::} standing for the interfaces').
     */
    static List<Multiaddr> announceAddresses(RepoConfig cfg) {
        return configuredAddresses(cfg, "Addresses.Announce");
    }

    /** {@code Addresses.AppendAnnounce}: addresses told besides the announced or listening ones (Kubo's key). */
    static List<Multiaddr> appendAnnounceAddresses(RepoConfig cfg) {
        return configuredAddresses(cfg, "Addresses.AppendAnnounce");
    }

    private static List<Multiaddr> configuredAddresses(RepoConfig cfg, String key) {
        List<Multiaddr> out = new ArrayList<>();
        for (String a : cfg.strings(key)) {
            Multiaddr m;
            try {
                m = Multiaddr.parse(a);
            } catch (IllegalArgumentException e) {
                throw new RepoException("config " + key + ": invalid multiaddr '" + a + "': " + e.getMessage());
            }
            out.add(m.withoutPeerId());
        }
        return out;
    }

    /** {@code Peering.Peers} in Kubo's shape: {@code [{"ID": "12D3…", "Addrs": ["/ip4/…/tcp/…"]}]}. */
    static List<PeeringService.Peer> peeringPeers(RepoConfig cfg) {
        List<PeeringService.Peer> out = new ArrayList<>();
        JsonNode peers = cfg.get("Peering.Peers").orElse(null);
        if (peers == null || !peers.isArray()) {
            return out;
        }
        for (JsonNode p : peers) {
            PeerId id = PeerId.parse(p.path("ID").asText());
            List<Multiaddr> addrs = new ArrayList<>();
            for (JsonNode a : p.path("Addrs")) {
                Multiaddr m = Multiaddr.parse(a.asText());
                addrs.add(m.withoutPeerId());
            }
            out.add(new PeeringService.Peer(id, addrs));
        }
        return out;
    }

    public Repo repo() {
        return repo;
    }

    public Identity identity() {
        return identity;
    }

    /** The peers kept connected ({@code Peering.Peers}, changed at run time by {@code swarm peering}). */
    public PeeringService peering() {
        return peering;
    }

    public Host host() {
        return services.host();
    }

    /** The private network the node's host belongs to (the repository's {@code swarm.key}), if any. */
    public Optional<SwarmKey> privateNetwork() {
        return Optional.ofNullable(services.host().config().privateNetwork());
    }

    public Hosts.Services services() {
        return services;
    }

    public Bitswap bitswap() {
        return bitswap;
    }

    /**
     * How the API reads content: the content router's fetch path (local store, ferry peers, the IPFS network, the
     * gateways, in the router's ranking).
     */
    public ContentFetcher fetcher() {
        return userFetches;
    }

    /**
     * {@link #fetcher()} without pinning what ferry peers deliver ({@code Exchange.PinAfterPeerFetch} applies to the
     * owner's own fetches, not to the gateway's anonymous visitors): fetched content stays as a cache until a GC.
     */
    public ContentFetcher cachingFetcher() {
        return cachingFetches;
    }

    /**
     * Predictive caching: where the gateway and the RPC API report their users' requests ({@code Prefetch.Enabled}
     * false: it ignores them), and its counters.
     */
    public Prefetcher prefetcher() {
        return prefetcher;
    }

    /** When this node added each root: the router's recent and archived classes come from it. */
    public AddTimes addTimes() {
        return addTimes;
    }

    /** The content router that {@link #fetcher()} follows (its explanations, measurements, index reputations). */
    public ContentRouter router() {
        return router;
    }

    /** The gateway fallback pool (its scores for stats), when {@code Gateway.Fallback} lists any gateway. */
    public Optional<GatewayPool> gateways() {
        return gateways.isEmpty() ? Optional.empty() : Optional.of(gateways);
    }

    /** The DIDs this node trusts, and how much ({@code <repo>/trust.json}). */
    public TrustStore trust() {
        return trust;
    }

    /** The signed capabilities exchanged with ferry peers: ours, and each peer's latest. */
    public CapabilitiesService capabilities() {
        return capabilities;
    }

    /** Call after the store gained or lost content: the content index is rebuilt and pushed to ferry peers. */
    public void contentChanged() {
        capabilities.contentChanged();
    }

    /** Content marked private: never announced, never served over Bitswap or the gateway. */
    public PrivateContent privateContent() {
        return privacy.content();
    }

    /** The client and server of {@code /ferry/request/1.0.0}. */
    public FerryRequestService requests() {
        return privacy.requests();
    }

    /**
     * Tells peers over pubsub that this node holds {@code roots} ({@link ContentNotices}); private roots are never
     * announced, nor identity roots (an inlined root is in its CID: no one needs a provider for it). With swarm
     * replication on, the swarm hears of them too, to keep them on other members. Does nothing when pubsub is
     * disabled.
     *
     * @return the roots announced
     */
    public List<Cid> announce(List<Cid> roots) {
        List<Cid> shown = roots.stream().filter(c -> !c.isIdentity() && !privacy.content().isPrivate(c)).toList();
        if (dht != null && !shown.isEmpty()) {
            dht.provideLater(shown); // the DHT hears of them too, in the background
        }
        if (replication != null && !shown.isEmpty()) {
            replication.announce(shown); // the swarm keeps them alive on other members
        }
        if (notices == null) {
            return List.of();
        }
        if (!shown.isEmpty()) {
            notices.announce(shown);
        }
        return shown;
    }

    /**
     * Announces every pinned root on the DHT now (Kubo's {@code routing reprovide}), returning once each has been
     * offered to the DHT peers nearest to it.
     *
     * @return the number of roots announced
     * @throws IllegalStateException when there is no DHT ({@code Routing.Type} none) or reproviding is off
     *                               ({@code Reprovider.Interval} "0"), as Kubo refuses it then
     */
    public int reprovide() throws InterruptedException {
        if (dht == null) {
            throw new IllegalStateException("reprovide needs the DHT, and Routing.Type is " + routingType());
        }
        if (dht.reprovideEvery().isEmpty()) {
            throw new IllegalStateException("invalid configuration: Reprovider.Interval is set to '0'");
        }
        NodeDht.Reprovided r = dht.reprovideNow();
        LOG.info("reprovided {} pinned roots, {} taken by DHT peers", r.roots(), r.taken());
        return r.roots();
    }

    /**
     * Announces one root on the DHT now (Kubo's {@code routing provide}), counted in {@link #provideStats()}.
     *
     * @return how many DHT peers took the provider record
     * @throws IllegalStateException when there is no DHT ({@code Routing.Type} none)
     */
    public int provide(Cid root) {
        if (dht == null) {
            throw new IllegalStateException("provide needs the DHT, and Routing.Type is " + routingType());
        }
        return dht.provide(root);
    }

    /** {@code Routing.Type} as configured ({@code none} or {@code delegated} when there is no DHT). */
    private String routingType() {
        return HttpRoutingSettings.type(repo.config());
    }

    /** The DHT provider's figures since the start; empty when there is no DHT ({@code Routing.Type} none). */
    public Optional<ProvideStats> provideStats() {
        return Optional.ofNullable(dht).map(NodeDht::stats);
    }

    /**
     * Kubo's {@code provide clear}: forgets the roots added or pinned through the daemon that still wait for their
     * first announcement (the reprovider still announces the pinned ones on its next run).
     *
     * @return how many were removed; 0 without a DHT, where nothing waits
     */
    public int clearProvideQueue() {
        return dht == null ? 0 : dht.clearQueue();
    }

    /**
     * Routing over HTTP as {@code Routing.*} and {@code HTTPRetrieval.*} ask ({@link HttpRoutingSettings}): the
     * routers, providers' gateways when HTTP retrieval is on (and there is a way to find providers), and the
     * lookups that feed them.
     */
    private static HttpRouting httpRouting(HttpRoutingSettings.Values settings, Host host, NodeDht dht,
            Blockstore blocks) {
        DelegatedRouters routers = DelegatedRouters.of(settings.routers(), settings.publishers(),
                DelegatedRouter.Limits.defaults());
        Dht d = dht == null ? null : dht.dht();
        boolean finds = d != null || !routers.isEmpty();
        ProviderGateways gateways = settings.httpRetrieval() && finds
                ? new ProviderGateways(settings::allowed,
                        GatewayPoolConfig.defaults().withMaxBlockSize(settings.maxBlockSize()), InstantSource.system())
                : null;
        ProviderReach reach = finds ? new ProviderReach(host, d, routers, gateways, blocks::has) : null;
        return new HttpRouting(routers, gateways, reach, new NodeRouting(d, routers));
    }

    /**
     * Providers of {@code cid} on the DHT and at the HTTP routers, merged (one entry per peer).
     *
     * @throws IllegalStateException when the node has neither ({@code Routing.Type} none, or delegated with no
     *                               router)
     */
    public List<dev.ferry.routing.dht.Provider> findProviders(Cid cid, int max, Duration timeout) {
        if (http.routing().isOff()) {
            throw new IllegalStateException("routing is off: Routing.Type is none (or delegated with no "
                    + "Routing.DelegatedRouters)");
        }
        return http.routing().findProviders(cid, max, timeout);
    }

    /**
     * The addresses of {@code peer} the DHT and the HTTP routers know; none when neither does.
     *
     * @throws IllegalStateException when the node has neither
     */
    public List<Multiaddr> findPeer(PeerId peer, Duration timeout) {
        if (http.routing().isOff()) {
            throw new IllegalStateException("routing is off: Routing.Type is none (or delegated with no "
                    + "Routing.DelegatedRouters)");
        }
        return http.routing().findPeer(peer, timeout);
    }

    /** The HTTP routers of {@code Routing.DelegatedRouters} this node asks (none in a private network). */
    public List<URI> delegatedRouters() {
        return http.routers().bases();
    }

    /** The delegated publishers of {@code Ipns.DelegatedPublishers} IPNS records go to (none in a private network). */
    public List<URI> delegatedPublishers() {
        return http.routers().publishers();
    }

    /** The gateways of providers that HTTP retrieval may ask now (none when it is off). */
    public List<URI> providerGateways() {
        return http.gateways() == null ? List.of() : http.gateways().gateways();
    }

    /** The DHT (absent when {@code Routing.Type} is {@code none}). */
    public Optional<Dht> dht() {
        return Optional.ofNullable(dht).map(NodeDht::dht);
    }

    /**
     * What runs before a fetch of a CID that is not local: a lookup of its providers (DHT and HTTP routers) in the
     * background, then a short wait for the peers that announced it on pubsub.
     */
    private static Consumer<Cid> beforeRemoteFetch(Host host, ContentNotices notices, ProviderReach reach) {
        Consumer<Cid> announcers = notices == null ? cid -> { } : new AnnouncerReach(host, notices);
        if (reach == null) {
            return announcers;
        }
        return cid -> {
            reach.accept(cid);
            announcers.accept(cid);
        };
    }

    /** Content notices received from peers (absent when pubsub is disabled). */
    public Optional<ContentNotices> contentNotices() {
        return Optional.ofNullable(notices);
    }

    /** Publish/subscribe, unless {@code Pubsub.Enabled} is false. */
    public Optional<Pubsub> pubsub() {
        return Optional.ofNullable(pubsub);
    }

    public List<Multiaddr> listenAddresses() {
        return services.host().listenAddresses();
    }

    /** Pinning policies: what this node keeps for peers, and its policy pins kept by peers. */
    public NodePinning pinning() {
        return pinning;
    }

    /** Swarm-wide replication (absent unless {@code Replication.Enabled}, and pubsub runs). */
    public Optional<SwarmReplication> replication() {
        return Optional.ofNullable(replication);
    }

    /**
     * What peers have proven they keep for this node ({@code <repo>/storage-ledger}): the credit that lets peers
     * trusted below {@code Pinning.AcceptTrust} have content kept here.
     */
    public StorageLedger storageLedger() {
        return pinning.ledger();
    }

    /** IPNS: publishing this node's names and resolving anyone's. */
    public NameSystem names() {
        return names;
    }

    /** The Mutable File System (Kubo's {@code ipfs files}), its root kept in the repository. */
    public dev.ferry.dag.mfs.Mfs files() {
        return files;
    }

    /**
     * One garbage collection, as {@code repo gc}: keeps what pins, the pinning policies and the MFS root reach, while
     * no add, block put, dag import or pin add is between its first put and its pins.
     *
     * @throws dev.ferry.dag.gc.GcException if a pinned DAG is incomplete or unreadable; nothing is deleted then
     */
    public dev.ferry.dag.gc.GcResult collectGarbage() {
        try (ContentLock.Held held = ContentLock.of(repo.blocks()).collecting()) {
            dev.ferry.dag.gc.GcResult result = new dev.ferry.dag.gc.GarbageCollector(repo.blocks(), repo.pins(),
                    pinning.keeper().keptRoots(), List.of(files.root())).collect();
            contentChanged();
            return result;
        }
    }

    /**
     * Starts Kubo's automatic GC ({@code daemon --enable-gc}) with the config's {@link GcSettings}, once; without it,
     * {@code Datastore.GCPeriod} runs nothing, as in Kubo.
     */
    public synchronized AutoGc startAutoGc() {
        if (autoGc == null) {
            autoGc = new AutoGc(gcSettings, () -> dev.ferry.node.repo.RepoStat.of(repo).repoSize(),
                    this::collectGarbage).start();
        }
        return autoGc;
    }

    /** AutoNAT: this node's reachability as peers find it, and the service answering theirs. */
    /** Circuit Relay v2: the client and, while served, the relay service. */
    public NodeRelay relay() {
        return relay;
    }

    public NodeAutonat autonat() {
        return autonat;
    }

    /** Libp2p stream mounting ({@code p2p listen|forward}): TCP tunnelled over libp2p streams, kept in memory only. */
    public dev.ferry.node.p2p.StreamMounting streamMounting() {
        return streamMounting;
    }

    @Override
    public void close() {
        try {
            synchronized (this) {
                if (autoGc != null) {
                    autoGc.close(); // a collection under way ends before anything it uses closes
                }
            }
            streamMounting.close(); // first: its tunnels ride the host's connections
            prefetcher.close();
            if (prefetchModelSaver != null) {
                prefetchModelSaver.close(); // the last save, after any periodic one under way; failures only logged
            }
            names.close();
            if (replication != null) {
                replication.close(); // before the keeper it keeps through
            }
            pinning.close();
            if (creditorCaps != null) {
                creditorCaps.close();
            }
            if (dht != null) {
                dht.close();
            }
            if (http != null) {
                http.close();
            }
            peering.close();
            relay.close();
            autonat.close();
            if (notices != null) {
                notices.close();
            }
            if (pubsub != null) {
                pubsub.close();
            }
            privacy.requests().close();
            capabilities.close();
            gateways.close();
            bitswap.close();
            services.close();
        } finally {
            try {
                // MFS changes made with flush off are saved on the way down, as Kubo's shutdown saves them
                files.saveUnflushed(repo.blocks());
            } catch (RuntimeException e) {
                LOG.warn("could not save the MFS root at shutdown: {}", e.getMessage());
            }
            repo.close();
        }
    }
}
