package dev.ferry.policy.replication;

import dev.ferry.exchange.ferry.proof.ProofProtocolException;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * What replication needs of the node's network: its peers, and the means to reach members it is not connected to.
 * Implementations are thread-safe.
 */
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

    /** The addresses peers reach this node at (its announced addresses), told in its member record. */
    default List<Multiaddr> ownAddresses() {
        return List.of();
    }

    /** Whether {@code peer} is connected now. */
    default boolean isConnected(PeerId peer) {
        return subscribed().stream().anyMatch(m -> m.peer().equals(peer));
    }

    /**
     * Connects to {@code peer} at one of {@code addresses} (without {@code /p2p}), within the node's address filters.
     * The default is a network that cannot dial.
     *
     * @throws IOException no address answered as {@code peer}, or every one is filtered
     */
    default void dial(PeerId peer, List<Multiaddr> addresses) throws IOException {
        throw new IOException("this network does not dial");
    }

    /** Keeps {@code peer}'s connections out of connection trimming ({@code false}: no longer). */
    default void protect(PeerId peer, boolean keep) {
    }
}
