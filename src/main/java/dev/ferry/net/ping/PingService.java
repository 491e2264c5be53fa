package dev.ferry.net.ping;

import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.StreamDeadline;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Ping on a {@link Host}: answers pings and measures round trips. An inbound stream silent for the host's
 * {@link dev.ferry.net.host.HostConfig#streamIdleTimeout()} is reset. Thread-safe.
 */
public final class PingService {
    public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
    public static final int SIZE = 32;
    /** Concurrent inbound ping streams accepted per peer. */
    public static final int MAX_INBOUND_PER_PEER = 2;

    private final Host host;
    private final SecureRandom random;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<PeerId, Integer> inbound = new ConcurrentHashMap<>();
    /** One turn lock per peer with its number of users, removed when the last user leaves (no growth per peer seen). */
    private final ConcurrentHashMap<PeerId, Turn> outbound = new ConcurrentHashMap<>();

    private record Turn(ReentrantLock lock, int users) {}

    private PingService(Host host, SecureRandom random, LongSupplier nanoClock) {
        this.host = host;
        this.random = random;
        this.nanoClock = nanoClock;
    }

    /** Registers the ping handler on {@code host}. */
    public static PingService install(Host host, SecureRandom random, LongSupplier nanoClock) {
        PingService s = new PingService(host, random, nanoClock);
        host.allowOnLimitedConnections(PROTOCOL_ID); // cheap, and how a relayed connection is checked alive
        host.setHandler(PROTOCOL_ID, s::serve);
        return s;
    }

    public static PingService install(Host host) {
        return install(host, new SecureRandom(), System::nanoTime);
    }

    /** One round trip to {@code peer} (connecting if needed); recorded in the peer store. */
    public Duration ping(PeerId peer) throws IOException {
        return ping(peer, 1).getFirst();
    }

    /** {@code count} round trips on one stream. */
    public List<Duration> ping(PeerId peer, int count) throws IOException {
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("count out of [1, 1000]: " + count);
        }
        ReentrantLock lock = outbound.compute(peer,
                (k, t) -> t == null ? new Turn(new ReentrantLock(), 1) : new Turn(t.lock(), t.users() + 1)).lock();
        lock.lock();
        try (NegotiatedStream s = host.newStream(peer, PROTOCOL_ID)) {
            List<Duration> rtts = new ArrayList<>(count);
            byte[] sent = new byte[SIZE];
            for (int i = 0; i < count; i++) {
                random.nextBytes(sent);
                long start = nanoClock.getAsLong();
                s.out().write(sent);
                s.out().flush();
                byte[] got = s.in().readNBytes(SIZE);
                long rtt = nanoClock.getAsLong() - start;
                if (got.length != SIZE) {
                    throw new EOFException("ping stream ended after " + got.length + " bytes");
                }
                if (!MessageDigest.isEqual(sent, got)) {
                    throw new IOException("ping answer differs from what was sent");
                }
                Duration d = Duration.ofNanos(rtt);
                host.peerStore().recordLatency(peer, d);
                rtts.add(d);
            }
            s.closeWrite();
            return rtts;
        } finally {
            lock.unlock();
            outbound.computeIfPresent(peer, (k, t) -> t.users() <= 1 ? null : new Turn(t.lock(), t.users() - 1));
        }
    }

    private void serve(NegotiatedStream s) throws IOException {
        PeerId peer = s.remotePeer();
        boolean[] admitted = {false};
        inbound.compute(peer, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= MAX_INBOUND_PER_PEER) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            s.reset();
            return;
        }
        // a dialer that goes silent between pings gets its stream reset, as go-libp2p's ping handler does
        try (StreamDeadline silence = StreamDeadline.start(host.config().streamIdleTimeout(), s::reset)) {
            InputStream in = s.in();
            byte[] buf = new byte[SIZE];
            while (true) {
                int n = in.readNBytes(buf, 0, SIZE);
                if (n == 0) {
                    return; // the dialer closed its side
                }
                if (n < SIZE) {
                    throw new EOFException("short ping of " + n + " bytes");
                }
                silence.touch();
                s.out().write(buf);
                s.out().flush();
            }
        } finally {
            inbound.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Inbound ping streams being served for {@code peer} now (for tests and metrics). */
    public int activeInbound(PeerId peer) {
        return inbound.getOrDefault(peer, 0);
    }
}
