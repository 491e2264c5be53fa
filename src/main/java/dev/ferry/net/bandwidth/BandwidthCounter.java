package dev.ferry.net.bandwidth;

import dev.ferry.identity.PeerId;
import dev.ferry.net.transport.DuplexStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The bandwidth meters of one host: in total, per connected peer, and per open connection ({@link MeteredStream}).
 * Backs {@code ferry stats bw}.
 *
 * <p>Bounded: a peer's meter lives while the peer has a connection (its figures go when its last connection closes;
 * the total keeps them); a connection's meter lives until the connection closes. The owner calls {@link #sample()}
 * every {@link BandwidthMeter#SAMPLE_INTERVAL} so that rates stay current. Thread-safe.
 */
public final class BandwidthCounter {
    private final LongSupplier clock;
    private final Duration window;
    private final BandwidthMeter total;
    private final Set<MeteredStream> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<PeerId, PeerEntry> peers = new ConcurrentHashMap<>();

    /** A peer's meter and how many connections use it. */
    private record PeerEntry(BandwidthMeter meter, int connections) {}

    /** On {@link System#nanoTime()}, with the default window. */
    public BandwidthCounter() {
        this(System::nanoTime, BandwidthMeter.DEFAULT_WINDOW);
    }

    public BandwidthCounter(LongSupplier nanoClock, Duration window) {
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.window = Objects.requireNonNull(window, "window");
        this.total = new BandwidthMeter(clock, window);
    }

    /** Wraps a raw connection so its bytes are counted here (unlimited until a limiter is set). */
    public MeteredStream open(DuplexStream raw) {
        MeteredStream s = new MeteredStream(raw, this, new BandwidthMeter(clock, window));
        open.add(s);
        return s;
    }

    /** Every byte of every connection. */
    public BandwidthMeter total() {
        return total;
    }

    /** Totals and rates of all connections together. */
    public BandwidthSnapshot snapshot() {
        return total.snapshot();
    }

    /** A connected peer's figures (all its connections since the first that is still open). */
    public Optional<BandwidthSnapshot> peer(PeerId peer) {
        PeerEntry e = peers.get(peer);
        return e == null ? Optional.empty() : Optional.of(e.meter().snapshot());
    }

    /** Figures of every connected peer. */
    public Map<PeerId, BandwidthSnapshot> peers() {
        Map<PeerId, BandwidthSnapshot> out = new HashMap<>();
        peers.forEach((p, e) -> out.put(p, e.meter().snapshot()));
        return out;
    }

    /** Connections currently counted. */
    public int openConnections() {
        return open.size();
    }

    /** Samples every meter (total, peers, connections); cheap, no I/O. */
    public void sample() {
        total.sample();
        peers.values().forEach(e -> e.meter().sample());
        open.forEach(s -> s.meter().sample());
    }

    BandwidthMeter attach(PeerId peer) {
        return peers.compute(peer, (p, e) -> e == null
                ? new PeerEntry(new BandwidthMeter(clock, window), 1)
                : new PeerEntry(e.meter(), e.connections() + 1)).meter();
    }

    private void detach(PeerId peer) {
        peers.computeIfPresent(peer, (p, e) -> e.connections() <= 1 ? null
                : new PeerEntry(e.meter(), e.connections() - 1));
    }

    void released(MeteredStream s, PeerId bound) {
        open.remove(s);
        if (bound != null) {
            detach(bound);
        }
    }
}
