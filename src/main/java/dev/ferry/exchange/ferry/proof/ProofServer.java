package dev.ferry.exchange.ferry.proof;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofFormatException;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
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
 * order of the package documentation; the handler sees only admitted, well-formed challenges from did:key peers.
 */
final class ProofServer {
    private static final Logger log = LoggerFactory.getLogger(ProofServer.class);
    private static final String HANDLER_FAILED = "the node could not answer the challenge";

    private final ProofHandler handler;
    private final ProofConfig config;
    private final ProofAdmission admission;
    private final ScheduledExecutorService timer;

    ProofServer(ProofHandler handler, ProofConfig config, ProofAdmission admission, ScheduledExecutorService timer) {
        this.handler = handler;
        this.config = config;
        this.admission = admission;
        this.timer = timer;
    }

    void serve(NegotiatedStream s) {
        PeerId peer = s.remotePeer();
        if (!admission.tryTake(peer)) {
            answer(s, peer, ProofAnswer.of(ProofState.BUSY, "challenge rate exceeded"));
            return;
        }
        ScheduledFuture<?> idle;
        try {
            idle = timer.schedule(() -> Thread.ofVirtual().name("ferry-proof-timeout").start(s::reset),
                    config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
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
        ProofChallenge challenge;
        try {
            challenge = ProofWire.readChallenge(s.in());
        } catch (ProofFormatException e) {
            log.debug("malformed challenge from {}: {}", peer, e.getMessage());
            answer(s, peer, ProofAnswer.of(ProofState.BAD_REQUEST, e.getMessage()));
            return;
        } catch (IOException e) {
            log.debug("challenge stream from {} failed: {}", peer, e.toString());
            s.reset();
            return;
        }
        if (challenge == null) { // the challenger closed before sending anything
            s.reset();
            return;
        }
        Optional<Did> challenger = PeerDids.didOf(s.connection());
        if (challenger.isEmpty()) {
            answer(s, peer, ProofAnswer.of(ProofState.REFUSED, "no did:key"));
            return;
        }
        if (!admission.tryEnter()) {
            answer(s, peer, ProofAnswer.of(ProofState.BUSY, "too many challenges at once"));
            return;
        }
        try {
            answer(s, peer, handle(peer, challenger.get(), challenge));
        } finally {
            admission.leave();
        }
    }

    private ProofAnswer handle(PeerId peer, Did challenger, ProofChallenge challenge) {
        try {
            ProofAnswer a = handler.handle(peer, challenger, challenge);
            if (a != null && (a.state() != ProofState.PROOF || a.blocks().size() == challenge.blocks().size())) {
                return a;
            }
            log.debug("proof handler gave no fitting answer to {} for {}", peer, challenge);
        } catch (Exception e) { // the handler's failure is ours: the peer learns only that it failed
            log.debug("proof handler failed on {} from {}", challenge, peer, e);
        }
        return ProofAnswer.of(ProofState.REFUSED, HANDLER_FAILED);
    }

    /** Writes the one answer and half-closes; the host closes the stream when {@link #serve} returns. */
    private static void answer(NegotiatedStream s, PeerId peer, ProofAnswer a) {
        try {
            ProofWire.writeAnswer(s.out(), a);
            s.out().flush();
            s.closeWrite();
        } catch (IOException | RuntimeException e) {
            log.debug("proof answer to {} failed: {}", peer, e.toString());
            s.reset();
        }
    }
}
