package dev.ferry.exchange.ferry.oneshot;

import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one one-request-per-stream protocol on a {@link Host}: answers other peers' requests through a handler under
 * {@link OneShotLimits}, and asks peers ({@link #ask}). Each protocol's public service wraps one.
 *
 * <h2>Threading</h2>
 * Thread-safe. Each inbound request is answered on its stream's virtual thread; {@link #ask} blocks the caller (use a
 * virtual thread). Timeouts are watched by one small scheduler thread that only resets streams.
 */
public final class OneShotService<Q, A> implements AutoCloseable {
    private final Host host;
    private final OneShotProtocol<Q, A> protocol;
    private final ScheduledThreadPoolExecutor timer;
    private final OneShotAdmission admission;
    private final OneShotServer<Q, A> server;
    private final OneShotClient<Q, A> client;
    private final HostListener listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OneShotService(Host host, OneShotProtocol<Q, A> protocol, OneShotHandler<Q, A> handler,
            OneShotLimits limits, InstantSource clock) {
        this.host = Objects.requireNonNull(host, "host");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(limits, "limits");
        this.timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("ferry-" + protocol.words().name() + "-timer").factory());
        timer.setRemoveOnCancelPolicy(true); // a timeout is cancelled on nearly every stream: drop it at once
        this.admission = new OneShotAdmission(limits, Objects.requireNonNull(clock, "clock"));
        this.server = new OneShotServer<>(protocol, Objects.requireNonNull(handler, "handler"), limits, admission,
                timer);
        this.client = new OneShotClient<>(protocol, host, timer);
        this.listener = new HostListener() {
            @Override
            public void disconnected(Connection c) {
                admission.sweep();
            }
        };
    }

    /** Starts serving {@code protocol} on {@code host}, rate limits on {@code clock}. */
    public static <Q, A> OneShotService<Q, A> start(Host host, OneShotProtocol<Q, A> protocol,
            OneShotHandler<Q, A> handler, OneShotLimits limits, InstantSource clock) {
        OneShotService<Q, A> s = new OneShotService<>(host, protocol, handler, limits, clock);
        host.setHandler(protocol.id(), s.server::serve);
        host.addListener(s.listener);
        return s;
    }

    /**
     * Asks {@code peer} one request and returns its answer, whatever its state (the protocol's BUSY, REFUSED … are
     * answers, not exceptions). Opens a new stream (connecting first if the host is not connected, as
     * {@link Host#newStream}); {@code timeout} bounds the exchange once the stream is open. The stream is closed or
     * reset on every path.
     *
     * @throws IOException the protocol's {@link OneShotProtocol#notSpoken} exception when the peer does not speak it,
     *                     its format exception for a malformed answer or one that does not fit the request,
     *                     {@link java.net.SocketTimeoutException} for no answer within {@code timeout},
     *                     {@link java.io.EOFException} for a stream closed without an answer; or the connection or
     *                     stream failed, or this service is closed
     */
    public A ask(PeerId peer, Q request, Duration timeout) throws IOException {
        if (closed.get()) {
            throw closed(protocol.words());
        }
        return client.ask(peer, request, timeout);
    }

    static IOException closed(OneShotWords w) {
        return new IOException("the " + w.name() + " service is closed");
    }

    /** Peers with rate-limit state (for tests). */
    public int trackedPeers() {
        return admission.tracked();
    }

    /**
     * Stops serving and asking. Requests in progress run to their end or their timeout (pending timeouts still fire;
     * then the timer thread ends). Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            host.removeHandler(protocol.id());
            host.removeListener(listener);
            timer.shutdown();
        }
    }
}
