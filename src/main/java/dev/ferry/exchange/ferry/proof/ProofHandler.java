package dev.ferry.exchange.ferry.proof;

import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;

/**
 * Answers a peer's storage challenge; the policy layer implements it ({@link ProofService} only speaks the protocol).
 *
 * <p>Called on the stream's virtual thread, possibly for several challenges at once (implementations must be
 * thread-safe), and only for admitted, well-formed challenges from a peer whose key has a did:key form. It must read
 * only what it already holds (a proof never makes the holder fetch). A handler that throws (or returns null) makes the
 * service answer REFUSED with a generic message; the exception is logged at debug level and never reaches the peer.
 */
@FunctionalInterface
public interface ProofHandler {
    /**
     * @param from       the challenging peer (the connection's remote peer ID)
     * @param challenger the did:key of the key that peer's connection proved
     * @param challenge  the decoded challenge
     * @return the answer to send, not null
     */
    ProofAnswer handle(PeerId from, Did challenger, ProofChallenge challenge);
}
