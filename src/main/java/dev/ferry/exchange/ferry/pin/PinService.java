package dev.ferry.exchange.ferry.pin;

import dev.ferry.exchange.ferry.oneshot.OneShotService;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Runs {@code /ferry/pin/1.0.0} on a {@link Host}: hands other peers' pin requests to a {@link PinHandler} under the
 * limits of {@link PinConfig}, and asks peers ({@link #ask}). The protocol is specified in the package documentation;
 * the mechanism it shares with other one-request-per-stream protocols is {@link OneShotService}'s.
 *
 * <h2>Threading</h2>
 * Thread-safe. Each inbound request is answered on its stream's virtual thread; {@link #ask} blocks the caller (use a
 * virtual thread). Timeouts are watched by one small scheduler thread that only resets streams.
 */
public final class PinService implements AutoCloseable {
    public static final String PROTOCOL_ID = "/ferry/pin/1.0.0";

    private final PinConfig config;
    private final OneShotService<PinRequest, PinReply> service;

    private PinService(PinConfig config, OneShotService<PinRequest, PinReply> service) {
        this.config = config;
        this.service = service;
    }

    /** Starts serving {@code /ferry/pin/1.0.0} on {@code host}, rate limits on the system clock. */
    public static PinService start(Host host, PinHandler handler, PinConfig config) {
        return start(host, handler, config, InstantSource.system());
    }

    /** As {@link #start(Host, PinHandler, PinConfig)}, with a clock for the rate limits. */
    public static PinService start(Host host, PinHandler handler, PinConfig config, InstantSource clock) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(handler, "handler");
        return new PinService(config,
                OneShotService.start(host, new PinProtocol(), handler::handle, config.limits(), clock));
    }

    /**
     * Asks {@code peer} one pin request and returns its reply, whatever the state (BUSY, REFUSED, FAILED … are
     * answers, not exceptions). Opens a new stream (connecting first if the host is not connected, as
     * {@link Host#newStream}); {@code timeout} bounds the exchange once the stream is open. The stream is closed or
     * reset on every path.
     *
     * @throws PinProtocolException the peer does not speak {@code /ferry/pin/1.0.0}
     * @throws dev.ferry.exchange.ferry.pin.wire.PinFormatException the reply was malformed or above its cap
     * @throws java.net.SocketTimeoutException no reply within {@code timeout}
     * @throws IOException the connection or stream failed, the peer closed without a reply, or this service is
     *                     closed
     */
    public PinReply ask(PeerId peer, PinRequest request, Duration timeout) throws IOException {
        return service.ask(peer, request, timeout);
    }

    public PinConfig config() {
        return config;
    }

    /** Peers with rate-limit state (for tests). */
    int trackedPeers() {
        return service.trackedPeers();
    }

    /**
     * Stops serving and asking. Requests in progress run to their end or their timeout (pending timeouts still fire;
     * then the timer thread ends). Idempotent.
     */
    @Override
    public void close() {
        service.close();
    }
}
