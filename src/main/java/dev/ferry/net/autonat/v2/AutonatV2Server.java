package dev.ferry.net.autonat.v2;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.PublicIp;
import dev.ferry.net.autonat.v2.wire.AutonatV2Codec;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialResponse;
import dev.ferry.net.autonat.v2.wire.DialBack;
import dev.ferry.net.autonat.v2.wire.DialResponseStatus;
import dev.ferry.net.autonat.v2.wire.DialStatus;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.ProtocolSwitch;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.StreamDeadline;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AutoNAT v2 server, {@code /libp2p/autonat/2/dial-request}: dials back the first address of a request it will
 * dial, and only that one, on a fresh connection under a throwaway peer id ({@link Host#dialProbe}), and gives the
 * request's nonce on a {@code /libp2p/autonat/2/dial-back} stream there.
 *
 * <p>It will dial an address of the form {@code /ip4|ip6/…/tcp/N[/ws]} (a trailing {@code /p2p} must name the
 * requester) of a transport the host has enabled, outside its address filters, and (unless
 * {@link AutonatV2Config#allowPrivate()}) at a public IP that is none of its own. An address at another IP than the one
 * the request came from costs the requester dial data first (the spec's amplification defence): a random count
 * between {@link AutonatV2Config#minDialData()} and {@link AutonatV2Config#maxDialData()}, in messages of at least 100
 * bytes but the last, after which the dial waits a random moment up to {@link AutonatV2Config#dialDataWait()}.
 *
 * <p>Answers: E_REQUEST_REJECTED beyond the {@link RequestLimiter}'s limits, E_DIAL_REFUSED when no address will do,
 * else OK with the index dialled and E_DIAL_ERROR (no connection), E_DIAL_BACK_ERROR (connected, but the nonce was
 * not taken) or OK. Anything else than a request, or dial data that is not, resets the stream. While
 * {@linkplain #disable() disabled} the protocol is not served. Thread-safe.
 */
public final class AutonatV2Server {
    public static final String DIAL_REQUEST = "/libp2p/autonat/2/dial-request";
    public static final String DIAL_BACK = "/libp2p/autonat/2/dial-back";
    /** The keys of {@link #answered()}: the response statuses, OK split by the dial's outcome. */
    public static final List<String> OUTCOMES = List.of("OK", "E_DIAL_ERROR", "E_DIAL_BACK_ERROR", "E_DIAL_REFUSED",
            "E_REQUEST_REJECTED", "E_INTERNAL_ERROR");
    /** Dial data messages but the last must carry this much, so that a requester cannot make us parse tiny frames. */
    static final int MIN_DIAL_DATA_MESSAGE = 100;
    private static final Logger log = LoggerFactory.getLogger(AutonatV2Server.class);

    private final Host host;
    private final AutonatV2Config config;
    private final RequestLimiter limiter;
    private final SecureRandom random = new SecureRandom();
    private final ProtocolSwitch serving;
    private final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();
    private final AtomicLong dialDataAsked = new AtomicLong();

    private AutonatV2Server(Host host, AutonatV2Config config, LongSupplier nanoClock) {
        this.host = host;
        this.serving = new ProtocolSwitch(host, DIAL_REQUEST, this::serve);
        this.config = config;
        this.limiter = new RequestLimiter(config.globalPerMinute(), config.peerPerMinute(),
                config.dialDataPerMinute(), config.concurrentPerPeer(), nanoClock);
    }

    /** Serves AutoNAT v2 on {@code host} from now on. */
    public static AutonatV2Server install(Host host, AutonatV2Config config) {
        return install(host, config, System::nanoTime);
    }

    static AutonatV2Server install(Host host, AutonatV2Config config, LongSupplier nanoClock) {
        AutonatV2Server s = new AutonatV2Server(host, config, nanoClock);
        // initialise the generated protobuf classes here, not on a virtual thread under load (pinning)
        try {
            AutonatV2Codec.decode(AutonatV2Codec.encode(DialResponse.of(DialResponseStatus.OK)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        s.enable();
        return s;
    }

    /** Serves the protocol (again); identify tells connected peers. */
    public void enable() {
        serving.enable();
    }

    /** Stops serving the protocol. */
    public void disable() {
        serving.disable();
    }

    public boolean isEnabled() {
        return serving.isEnabled();
    }

    /** Requests answered so far: by response status, and for those served (OK) by the dial's outcome. */
    public Map<String, Long> answered() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : OUTCOMES) {
            out.put(k, answered.getOrDefault(k, new AtomicLong()).get());
        }
        return out;
    }

    /** Requests that were asked for dial data. */
    public long dialDataAsked() {
        return dialDataAsked.get();
    }

    private void serve(NegotiatedStream s) throws IOException {
        PeerId requester = s.remotePeer();
        if (!limiter.tryStart(requester)) {
            respond(s, DialResponse.of(DialResponseStatus.E_REQUEST_REJECTED));
            return;
        }
        try {
            AutonatV2Message m;
            try (StreamDeadline d = StreamDeadline.start(host.config().streamIdleTimeout(), s::reset)) {
                m = AutonatV2Codec.read(s.in());
            } catch (IOException e) {
                log.debug("bad AutoNAT v2 request from {}: {}", requester, e.getMessage());
                s.reset();
                return;
            }
            if (!(m instanceof DialRequest request)) {
                s.reset(); // nothing, or another message where a request belongs
                return;
            }
            Optional<DialTarget> target = choose(request, requester);
            if (target.isEmpty()) {
                respond(s, DialResponse.of(DialResponseStatus.E_DIAL_REFUSED));
                return;
            }
            Optional<InetAddress> observed = s.connection().remoteAddress().flatMap(PublicIp::of);
            Optional<InetAddress> dialled = PublicIp.of(target.get().address());
            if (observed.isEmpty() || !observed.equals(dialled)) {
                if (!limiter.tryDialData()) {
                    respond(s, DialResponse.of(DialResponseStatus.E_REQUEST_REJECTED));
                    return;
                }
                dialDataAsked.incrementAndGet();
                if (!receiveDialData(s, target.get().index())) {
                    s.reset();
                    return;
                }
                sleep(Duration.ofNanos(random.nextLong(config.dialDataWait().toNanos() + 1)));
            }
            DialStatus status = dialBack(requester, target.get().address(), request.nonce());
            respond(s, new DialResponse(DialResponseStatus.OK, target.get().index(), status));
        } finally {
            limiter.finish(requester);
        }
    }

    private void respond(NegotiatedStream s, DialResponse r) throws IOException {
        String key = r.status() == DialResponseStatus.OK ? r.dialStatus().name() : r.status().name();
        answered.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        AutonatV2Codec.write(s.out(), r); // one small frame: it fits in the stream's window
        s.closeWrite();
    }

    /** The first address of {@code request} this server will dial, among the first {@link DialTarget#MAX_INSPECTED}. */
    Optional<DialTarget> choose(DialRequest request, PeerId requester) {
        List<byte[]> addrs = request.addrs();
        Set<InetAddress> own = config.allowPrivate() ? Set.of() : ownIps();
        for (int i = 0; i < Math.min(addrs.size(), DialTarget.MAX_INSPECTED); i++) {
            Optional<Multiaddr> a = DialTarget.shape(addrs.get(i), requester);
            if (a.isEmpty() || host.addrFilters().blocks(a.get())) {
                continue;
            }
            DialTarget t = new DialTarget(i, a.get());
            boolean enabled = t.isPlainTcp() ? host.config().transports().tcp()
                    : host.config().transports().websocket();
            InetAddress ip = PublicIp.of(a.get()).orElseThrow();
            if (enabled && (config.allowPrivate() || (PublicIp.isPublic(ip) && !own.contains(ip)))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Asks for dial data and reads it; false when the requester sent something else, too little per message, or not
     * all of it within the stream timeout.
     */
    private boolean receiveDialData(NegotiatedStream s, int index) throws IOException {
        long wanted = config.minDialData() + random.nextLong(config.maxDialData() - config.minDialData() + 1);
        AutonatV2Codec.write(s.out(), new DialDataRequest(index, wanted));
        long end = System.nanoTime() + config.streamTimeout().toNanos();
        try (StreamDeadline d = StreamDeadline.start(host.config().streamIdleTimeout(), s::reset)) {
            for (long left = wanted; left > 0;) {
                if (System.nanoTime() - end > 0) {
                    return false;
                }
                AutonatV2Message m;
                try {
                    m = AutonatV2Codec.read(s.in());
                } catch (IOException e) {
                    log.debug("bad AutoNAT v2 dial data from {}: {}", s.remotePeer(), e.getMessage());
                    return false;
                }
                d.touch();
                if (!(m instanceof DialDataResponse data)) {
                    return false;
                }
                left -= data.length();
                if (left > 0 && data.length() < MIN_DIAL_DATA_MESSAGE) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Dials {@code requester} at {@code address} on a fresh connection and gives it the nonce there: OK once the
     * nonce is written and the requester answered or closed the stream, E_DIAL_BACK_ERROR when the stream failed,
     * E_DIAL_ERROR when no connection was made.
     */
    private DialStatus dialBack(PeerId requester, Multiaddr address, long nonce) {
        AtomicReference<DialStatus> status = new AtomicReference<>(DialStatus.E_DIAL_BACK_ERROR);
        try {
            host.dialProbe(requester, List.of(address), config.dialTimeout(),
                    c -> status.set(giveNonce(c, nonce)));
            return status.get();
        } catch (IOException | RuntimeException e) {
            log.debug("AutoNAT v2 dial-back to {} at {} failed: {}", requester, address, e.toString());
            return DialStatus.E_DIAL_ERROR;
        }
    }

    private DialStatus giveNonce(Connection c, long nonce) {
        AtomicReference<NegotiatedStream> open = new AtomicReference<>();
        Runnable resetOpen = () -> {
            NegotiatedStream s = open.get();
            if (s != null) {
                s.reset();
            }
        };
        try (StreamDeadline d = StreamDeadline.start(config.dialBackStreamTimeout(), resetOpen)) {
            NegotiatedStream s = c.newStream(DIAL_BACK);
            open.set(s);
            AutonatV2Codec.write(s.out(), new DialBack(nonce));
            s.closeWrite();
            // its answer tells the nonce arrived before the connection closes; an end of stream says as much
            AutonatV2Codec.readDialBackResponse(s.in());
            return d.expired() ? DialStatus.E_DIAL_BACK_ERROR : DialStatus.OK;
        } catch (IOException | RuntimeException e) {
            log.debug("AutoNAT v2 nonce not given on the dial-back to {}: {}", c.remotePeer(), e.toString());
            return DialStatus.E_DIAL_BACK_ERROR;
        } finally {
            resetOpen.run();
        }
    }

    private Set<InetAddress> ownIps() {
        Set<InetAddress> out = new HashSet<>();
        for (Multiaddr a : host.announceAddresses()) {
            PublicIp.of(a).ifPresent(out::add);
        }
        for (Multiaddr a : host.listenAddresses()) {
            PublicIp.of(a).ifPresent(out::add);
        }
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
