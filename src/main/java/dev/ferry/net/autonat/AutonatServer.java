package dev.ferry.net.autonat;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.wire.AutonatCodec;
import dev.ferry.net.autonat.wire.AutonatMessage;
import dev.ferry.net.autonat.wire.AutonatMessage.Dial;
import dev.ferry.net.autonat.wire.AutonatMessage.DialResponse;
import dev.ferry.net.autonat.wire.ResponseStatus;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.ProtocolSwitch;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.StreamDeadline;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AutoNAT v1 server: tells a peer whether it can be dialled, by dialling it back on a fresh connection
 * ({@link Host#dialProbe}) at the IP its request came from and nowhere else. It refuses (E_DIAL_REFUSED) a requester
 * whose IP is private or loopback (unless {@link AutonatConfig#allowPrivate()}), is one of this host's own, or lies
 * inside the host's address filters, and anyone beyond the throttle; a request naming another peer, or none, is a
 * bad request. A failed dial-back is answered only when the dial timeout is over. While {@linkplain #disable()
 * disabled} the protocol is not served at all. Thread-safe.
 */
public final class AutonatServer {
    public static final String PROTOCOL_ID = "/libp2p/autonat/1.0.0";
    private static final Logger log = LoggerFactory.getLogger(AutonatServer.class);

    private final Host host;
    private final AutonatConfig config;
    private final DialThrottle throttle;
    private final ProtocolSwitch serving;
    private final Map<ResponseStatus, AtomicLong> answered = new EnumMap<>(ResponseStatus.class);

    private AutonatServer(Host host, AutonatConfig config, LongSupplier nanoClock) {
        this.host = host;
        this.serving = new ProtocolSwitch(host, PROTOCOL_ID, this::serve);
        this.config = config;
        this.throttle = new DialThrottle(config.globalLimit(), config.peerLimit(), config.throttleInterval(),
                nanoClock);
        for (ResponseStatus s : ResponseStatus.values()) {
            answered.put(s, new AtomicLong());
        }
    }

    /** Serves AutoNAT on {@code host} from now on. */
    public static AutonatServer install(Host host, AutonatConfig config) {
        return install(host, config, System::nanoTime);
    }

    static AutonatServer install(Host host, AutonatConfig config, LongSupplier nanoClock) {
        AutonatServer s = new AutonatServer(host, config, nanoClock);
        // initialise the generated protobuf classes here, not on a virtual thread under load (pinning)
        try {
            AutonatCodec.decode(AutonatCodec.encode(DialResponse.of(ResponseStatus.OK, "")));
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

    /** Stops serving the protocol (as go-libp2p does while the node itself is private). */
    public void disable() {
        serving.disable();
    }

    public boolean isEnabled() {
        return serving.isEnabled();
    }

    /** Requests answered so far, by status. */
    public Map<ResponseStatus, Long> answered() {
        Map<ResponseStatus, Long> out = new EnumMap<>(ResponseStatus.class);
        answered.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void serve(NegotiatedStream s) throws IOException {
        AutonatMessage m;
        // a request that does not come within the idle timeout is reset; the dial-back has its own timeout
        try (StreamDeadline d = StreamDeadline.start(host.config().streamIdleTimeout(), s::reset)) {
            m = AutonatCodec.read(s.in());
        } catch (IOException e) {
            log.debug("bad AutoNAT request from {}: {}", s.remotePeer(), e.getMessage());
            s.reset();
            return;
        }
        if (!(m instanceof Dial dial)) {
            s.reset(); // nothing, or a response where a request belongs
            return;
        }
        DialResponse r = answer(s.remotePeer(), s.connection().remoteAddress(), dial);
        answered.get(r.status()).incrementAndGet();
        AutonatCodec.write(s.out(), r); // one small frame: it fits in the stream's window
        s.closeWrite();
    }

    /** The answer to {@code dial} from {@code requester}, whose connection comes from {@code observed}. */
    DialResponse answer(PeerId requester, Optional<Multiaddr> observed, Dial dial) {
        if (dial.peer() == null) {
            return DialResponse.of(ResponseStatus.E_BAD_REQUEST, "missing peer info");
        }
        byte[] id = dial.peer().id();
        if (id != null) {
            PeerId named;
            try {
                named = PeerId.fromBytes(id);
            } catch (IllegalArgumentException e) {
                return DialResponse.of(ResponseStatus.E_BAD_REQUEST, "bad peer id");
            }
            if (!named.equals(requester)) {
                return DialResponse.of(ResponseStatus.E_BAD_REQUEST, "peer id mismatch");
            }
        }
        Optional<InetAddress> ip = observed.flatMap(PublicIp::of);
        if (ip.isEmpty() || !mayDial(observed.get(), ip.get())) {
            return DialResponse.of(ResponseStatus.E_DIAL_REFUSED,
                    "refusing to dial peer with blocked observed address");
        }
        List<Multiaddr> addrs = DialBackAddresses.select(observed.get(), dial.peer().addrs(), requester,
                config.maxDialAddresses());
        if (addrs.isEmpty()) {
            return DialResponse.of(ResponseStatus.E_DIAL_REFUSED, "no dialable addresses");
        }
        if (!throttle.tryAcquire(requester)) {
            return DialResponse.of(ResponseStatus.E_DIAL_REFUSED, "too many dials");
        }
        long start = System.nanoTime();
        try {
            Multiaddr reached = host.dialProbe(requester, addrs, config.dialTimeout());
            return new DialResponse(ResponseStatus.OK, "", reached.bytes());
        } catch (IOException | RuntimeException e) {
            log.debug("AutoNAT dial-back to {} at {} failed: {}", requester, addrs, e.toString());
            // answer when the time is over whatever failed, so that timing tells nothing of the requester's ports
            sleepUntil(start + config.dialTimeout().toNanos());
            return DialResponse.of(ResponseStatus.E_DIAL_ERROR, "dial failed");
        }
    }

    /** Whether an address at {@code ip} may be dialled: routable (or allowed), not ours, not filtered. */
    private boolean mayDial(Multiaddr observed, InetAddress ip) {
        if (host.addrFilters().blocks(observed)) {
            return false;
        }
        if (config.allowPrivate()) {
            return true;
        }
        return PublicIp.isPublic(ip) && !ownIps().contains(ip);
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

    private static void sleepUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
