package dev.ferry.exchange.ferry.oneshot;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.NegotiatedStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answering side: one call of {@link #serve} per inbound stream, on the stream's virtual thread. Checks in the
 * order of the package documentation; the handler sees only admitted, well-formed requests from did:key peers.
 */
final class OneShotServer<Q, A> {
    private final OneShotProtocol<Q, A> protocol;
    private final OneShotHandler<Q, A> handler;
    private final OneShotLimits limits;
    private final OneShotAdmission admission;
    private final ScheduledExecutorService timer;
    private final Logger log;
    private final String timeoutThread;
    private final String rateExceeded;
    private final String tooManyAtOnce;

    OneShotServer(OneShotProtocol<Q, A> protocol, OneShotHandler<Q, A> handler, OneShotLimits limits,
            OneShotAdmission admission, ScheduledExecutorService timer) {
        this.protocol = protocol;
        this.handler = handler;
        this.limits = limits;
        this.admission = admission;
        this.timer = timer;
        // logged under the protocol's class, so that one protocol's debug log can be turned on alone
        this.log = LoggerFactory.getLogger(protocol.getClass());
        OneShotWords w = protocol.words();
        this.timeoutThread = "ferry-" + w.name() + "-timeout";
        this.rateExceeded = w.request() + " rate exceeded";
        this.tooManyAtOnce = "too many " + w.request() + "s at once";
    }

    void serve(NegotiatedStream s) {
        PeerId peer = s.remotePeer();
        if (!admission.tryTake(peer)) {
            send(s, peer, protocol.busy(rateExceeded));
            return;
        }
        ScheduledFuture<?> idle;
        try {
            idle = timer.schedule(() -> Thread.ofVirtual().name(timeoutThread).start(s::reset),
                    limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // the service is closing
            s.reset();
            return;
        }
        try {
            respond(s, peer);
        } finally {
            idle.cancel(false);
        }
    }

    private void respond(NegotiatedStream s, PeerId peer) {
        OneShotWords w = protocol.words();
        Q request;
        try {
            request = protocol.readRequest(s.in());
        } catch (IOException e) {
            if (protocol.isMalformed(e)) {
                log.debug("malformed " + w.request() + " from {}: {}", peer, e.getMessage());
                send(s, peer, protocol.badRequest(e.getMessage()));
            } else {
                log.debug(w.request() + " stream from {} failed: {}", peer, e.toString());
                s.reset();
            }
            return;
        }
        if (request == null) { // the asker closed before sending anything
            s.reset();
            return;
        }
        Optional<Did> asker = PeerDids.didOf(s.connection());
        if (asker.isEmpty()) {
            send(s, peer, protocol.refused("no did:key"));
            return;
        }
        if (!admission.tryEnter()) {
            send(s, peer, protocol.busy(tooManyAtOnce));
            return;
        }
        try {
            send(s, peer, handle(peer, asker.get(), request));
        } finally {
            admission.leave();
        }
    }

    private A handle(PeerId peer, Did asker, Q request) {
        OneShotWords w = protocol.words();
        try {
            A a = handler.handle(peer, asker, request);
            if (a != null && protocol.misfit(request, a).isEmpty()) {
                return a;
            }
            log.debug(w.noAnswer() + " to {} for {}", peer, request);
        } catch (Exception e) { // the handler's failure is ours: the peer learns only that it failed
            log.debug(w.name() + " handler failed on {} from {}", request, peer, e);
        }
        return protocol.handlerFailed();
    }

    /** Writes the one answer and half-closes; the host closes the stream when {@link #serve} returns. */
    private void send(NegotiatedStream s, PeerId peer, A answer) {
        try {
            protocol.writeAnswer(s.out(), answer);
            s.out().flush();
            s.closeWrite();
        } catch (IOException | RuntimeException e) {
            log.debug(protocol.words().answer() + " to {} failed: {}", peer, e.toString());
            s.reset();
        }
    }
}
