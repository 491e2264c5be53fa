package dev.ferry.policy.replication;

import dev.ferry.exchange.ferry.proof.ProofProtocolException;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** What replication needs to know of the node's peers. Implementations are thread-safe. */
public interface SwarmPeers {
    /** Connected peers subscribed to {@link SwarmReplication#TOPIC} whose peer ID has a did:key (trust unchecked). */
    List<SwarmMember> subscribed();

    /** Whether {@code peer}'s latest capabilities index shows {@code root} (a Bloom filter: it may be wrong). */
    boolean shows(PeerId peer, Cid root);

    /**
     * One {@code /ferry/proof} challenge to a connected member. The default is a network without the protocol: every
     * member is an older ferry.
     *
     * @throws ProofProtocolException the peer does not speak {@code /ferry/proof/1.0.0}
     * @throws java.net.SocketTimeoutException no answer within {@code timeout}
     * @throws IOException the stream failed or the answer was malformed
     */
    default ProofAnswer prove(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
        throw new ProofProtocolException("peer " + peer + " does not speak /ferry/proof/1.0.0", null);
    }
}
