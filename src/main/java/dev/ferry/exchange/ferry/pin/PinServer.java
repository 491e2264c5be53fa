package dev.ferry.exchange.ferry.pin;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.exchange.ferry.pin.wire.PinFormatException;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.exchange.ferry.pin.wire.PinWire;
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
final class PinServer {
    private static final Logger log = LoggerFactory.getLogger(PinServer.class);
    private static final String HANDLER_FAILED = "the node could not handle the request";

    private final PinHandler handler;
    private final PinConfig config;
    private final PinAdmission admission;
    private final ScheduledExecutorService timer;

    PinServer(PinHandler handler, PinConfig config, PinAdmission admission, ScheduledExecutorService timer) {
        this.handler = handler;
        this.config = config;
        this.admission = admission;
        this.timer = timer;
    }

    void serve(NegotiatedStream s) {
        PeerId peer = s.remotePeer();
        if (!admission.tryTake(peer)) {
            reply(s, peer, PinReply.of(PinState.BUSY, "pin request rate exceeded"));
            return;
        }
        ScheduledFuture<?> idle;
        try {
            idle = timer.schedule(() -> Thread.ofVirtual().name("ferry-pin-timeout").start(s::reset),
                    config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // the service is closing
            s.reset();
            return;
        }
        try {
            answer(s, peer);
        } finally {
            idle.cancel(false);
        }
    }

    private void answer(NegotiatedStream s, PeerId peer) {
        PinRequest req;
        try {
            req = PinWire.readRequest(s.in());
        } catch (PinFormatException e) {
            log.debug("malformed pin request from {}: {}", peer, e.getMessage());
            reply(s, peer, new PinReply(PinState.BAD_REQUEST, PinReply.fitting(e.getMessage()), 0));
            return;
        } catch (IOException e) {
            log.debug("pin request stream from {} failed: {}", peer, e.toString());
            s.reset();
            return;
        }
        if (req == null) { // the asker closed before sending anything
            s.reset();
            return;
        }
        Optional<Did> requester = PeerDids.didOf(s.connection());
        if (requester.isEmpty()) {
            reply(s, peer, PinReply.of(PinState.REFUSED, "no did:key"));
            return;
        }
        if (!admission.tryEnter()) {
            reply(s, peer, PinReply.of(PinState.BUSY, "too many pin requests at once"));
            return;
        }
        try {
            reply(s, peer, handle(peer, requester.get(), req));
        } finally {
            admission.leave();
        }
    }

    private PinReply handle(PeerId peer, Did requester, PinRequest req) {
        try {
            PinReply r = handler.handle(peer, requester, req);
            if (r != null) {
                return r;
            }
            log.debug("pin handler returned no reply to {} for {}", peer, req);
        } catch (Exception e) { // the handler's failure is ours: the peer learns only that it failed
            log.debug("pin handler failed on {} from {}", req, peer, e);
        }
        return PinReply.of(PinState.FAILED, HANDLER_FAILED);
    }

    /** Writes the one reply and half-closes; the host closes the stream when {@link #serve} returns. */
    private static void reply(NegotiatedStream s, PeerId peer, PinReply r) {
        try {
            PinWire.writeReply(s.out(), r);
            s.out().flush();
            s.closeWrite();
        } catch (IOException | RuntimeException e) {
            log.debug("pin reply to {} failed: {}", peer, e.toString());
            s.reset();
        }
    }
}
