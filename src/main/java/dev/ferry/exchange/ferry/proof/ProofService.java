package dev.ferry.exchange.ferry.proof;

import dev.ferry.exchange.ferry.oneshot.OneShotService;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Runs {@code /ferry/proof/1.0.0} on a {@link Host}: hands other peers' storage challenges to a {@link ProofHandler}
 * under the limits of {@link ProofConfig}, and challenges peers ({@link #challenge}). The protocol is specified in
 * the package documentation; the mechanism it shares with other one-request-per-stream protocols is
 * {@link OneShotService}'s.
 *
 * <h2>Threading</h2>
 * Thread-safe. Each inbound challenge is answered on its stream's virtual thread; {@link #challenge} blocks the caller
 * (use a virtual thread). Timeouts are watched by one small scheduler thread that only resets streams.
 */
public final class ProofService implements AutoCloseable {
    public static final String PROTOCOL_ID = "/ferry/proof/1.0.0";

    private final ProofConfig config;
    private final OneShotService<ProofChallenge, ProofAnswer> service;

    private ProofService(ProofConfig config, OneShotService<ProofChallenge, ProofAnswer> service) {
        this.config = config;
        this.service = service;
    }

    /** Starts serving {@code /ferry/proof/1.0.0} on {@code host}, rate limits on the system clock. */
    public static ProofService start(Host host, ProofHandler handler, ProofConfig config) {
        return start(host, handler, config, InstantSource.system());
    }

    /** As {@link #start(Host, ProofHandler, ProofConfig)}, with a clock for the rate limits. */
    public static ProofService start(Host host, ProofHandler handler, ProofConfig config, InstantSource clock) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(handler, "handler");
        return new ProofService(config,
                OneShotService.start(host, new ProofProtocol(), handler::handle, config.limits(), clock));
    }

    /**
     * Challenges {@code peer} once and returns its answer, whatever the state (NOT_HELD, REFUSED, BUSY … are answers,
     * not exceptions). Opens a new stream (connecting first if the host is not connected, as {@link Host#newStream});
     * {@code timeout} bounds the exchange once the stream is open. The stream is closed or reset on every path.
     *
     * @throws ProofProtocolException the peer does not speak {@code /ferry/proof/1.0.0}
     * @throws dev.ferry.exchange.ferry.proof.wire.ProofFormatException the answer was malformed, above its cap, or a
     *         proof whose block count differs from the challenge's
     * @throws java.net.SocketTimeoutException no answer within {@code timeout}
     * @throws IOException the connection or stream failed, the peer closed without an answer, or this service is
     *                     closed
     */
    public ProofAnswer challenge(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
        return service.ask(peer, challenge, timeout);
    }

    public ProofConfig config() {
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
