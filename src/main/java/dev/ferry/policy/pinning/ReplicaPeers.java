package dev.ferry.policy.pinning;

import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.proof.ProofProtocolException;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.identity.PeerId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** What the replicator needs of the network: the node wires it to its host, capabilities table and trust store. */
public interface ReplicaPeers {
    /** Connected ferry peers that could be asked to keep content. */
    List<PeerId> candidates();

    boolean isConnected(PeerId peer);

    /** The trust level (0-10) of a peer. */
    int trustOf(PeerId peer);

    /** One {@code /ferry/pin} question to a connected peer. */
    PinReply ask(PeerId peer, PinRequest request, Duration timeout) throws IOException;

    /**
     * One {@code /ferry/proof} challenge to a connected peer. The default is a network without the protocol: every
     * peer is an older ferry.
     *
     * @throws ProofProtocolException the peer does not speak {@code /ferry/proof/1.0.0}
     * @throws java.net.SocketTimeoutException no answer within {@code timeout}
     * @throws IOException the stream failed or the answer was malformed
     */
    default ProofAnswer prove(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
        throw new ProofProtocolException("peer " + peer + " does not speak /ferry/proof/1.0.0", null);
    }
}
