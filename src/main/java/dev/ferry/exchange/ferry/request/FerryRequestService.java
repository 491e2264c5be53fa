package dev.ferry.exchange.ferry.request;

import dev.ferry.exchange.bitswap.server.PeerWeights;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs {@code /ferry/request/1.0.0} on a {@link Host}: answers other peers' requests from the local store (or through
 * a proxy fetch) under the serve policy and the limits of {@link RequestConfig}, and asks peers for DAGs
 * ({@link FerryRequester}). The protocol is specified in the package documentation.
 *
 * <h2>Threading</h2>
 * Thread-safe. Each inbound request is answered on its stream's virtual thread; {@link #fetch} blocks the caller
 * (use a virtual thread). Idle timeouts are watched by one small scheduler thread that only resets streams.
 */
public final class FerryRequestService implements FerryRequester, AutoCloseable {
    public static final String PROTOCOL_ID = "/ferry/request/1.0.0";

    private final Host host;
    private final RequestConfig config;
    private final ScheduledExecutorService timer;
    private final RequestAdmission admission;
    private final RequestServer server;
    private final RequestClient client;
    private final HostListener listener;

    private FerryRequestService(Host host, Blockstore local, TrustLevels trust, ServePolicy policy,
            ProxyUpstream upstream, RequestConfig config, DagLinks links, InstantSource clock) {
        Objects.requireNonNull(links, "links");
        this.host = Objects.requireNonNull(host, "host");
        this.config = Objects.requireNonNull(config, "config");
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ferry-request-timer").factory());
        this.admission = new RequestAdmission(config, Objects.requireNonNull(clock, "clock"));
        this.server = new RequestServer(Objects.requireNonNull(local, "local"), Objects.requireNonNull(trust, "trust"),
                Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(upstream, "upstream"), config,
                admission, timer, links);
        this.client = new RequestClient(host, config, timer, links);
        this.listener = new HostListener() {
            @Override
            public void disconnected(Connection c) {
                if (!host.isConnected(c.remotePeer())) {
                    admission.forget(c.remotePeer());
                }
            }
        };
    }

    /**
     * Starts serving {@code /ferry/request/1.0.0} on {@code host}.
     *
     * @param local    the store answers come from (and proxy fetches go into); hand in the store private content
     *                 lives in: {@code policy} decides who gets it
     * @param trust    trust levels of requesters (proxy fetches need {@link RequestConfig#proxyTrust()})
     * @param policy   who may have which block (e.g. {@code dev.ferry.policy.privacy.PrivateServePolicy})
     * @param upstream IPFS network and gateway access for proxy fetches ({@link ProxyUpstream#NONE}: none)
     */
    public static FerryRequestService start(Host host, Blockstore local, TrustLevels trust, ServePolicy policy,
            ProxyUpstream upstream, RequestConfig config) {
        return start(host, local, trust, policy, upstream, config, DagLinks.DAG_PB_ONLY, InstantSource.system());
    }

    /**
     * As {@link #start(Host, Blockstore, TrustLevels, ServePolicy, ProxyUpstream, RequestConfig)}, reading links with
     * {@code links} (the node passes the dag layer's full reader, so dag-cbor and dag-json DAGs travel whole; the
     * short form follows dag-pb links only), with a clock for the rate limits.
     */
    public static FerryRequestService start(Host host, Blockstore local, TrustLevels trust, ServePolicy policy,
            ProxyUpstream upstream, RequestConfig config, DagLinks links, InstantSource clock) {
        FerryRequestService s = new FerryRequestService(host, local, trust, policy, upstream, config, links, clock);
        host.setHandler(PROTOCOL_ID, s.server::serve);
        host.addListener(s.listener);
        return s;
    }

    @Override
    public long fetch(PeerId peer, Cid root, List<Source> preferred, int ttl, Blockstore into, Duration idle) {
        return client.fetch(peer, root, preferred, ttl, into, idle);
    }

    /**
     * Gives peers of weight {@code w} (1..4) {@code w} times {@link RequestConfig#maxPerPeer()} answers at once;
     * {@link RequestConfig#maxConcurrent()} still bounds the total. Every peer weighs 1 until this is called.
     */
    public void setPeerWeights(PeerWeights weights) {
        admission.setWeights(weights);
    }

    public RequestConfig config() {
        return config;
    }

    /** Counters since start. */
    public RequestStats stats() {
        Map<RefusalReason, Long> refused = new EnumMap<>(RefusalReason.class);
        for (RefusalReason r : RefusalReason.values()) {
            refused.put(r, server.refused.get(r.ordinal()));
        }
        return new RequestStats(server.served.get(), server.proxied.get(), refused, server.blocksSent.get(),
                server.bytesSent.get(), client.requestsSent());
    }

    /** Stops serving (answers in progress run to their end or time out). Idempotent. */
    @Override
    public void close() {
        host.removeHandler(PROTOCOL_ID);
        host.removeListener(listener);
        timer.shutdownNow();
    }
}
