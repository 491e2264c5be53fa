package dev.ferry.exchange.ferry;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.net.host.Connection;
import java.util.Optional;

/**
 * The DID of a peer is the did:key of the key its connection proved: Noise checks that the handshake key is the one
 * the remote peer ID names. Nothing a peer says in a message can claim another DID.
 */
public final class PeerDids {
    private PeerDids() {}

    /** The did:key of the key inlined in {@code peer} (Ed25519, secp256k1); empty for hashed (RSA) or ECDSA ids. */
    public static Optional<Did> didOf(PeerId peer) {
        return peer.extractPublicKey().flatMap(PeerDids::didOf);
    }

    /** The did:key of the key the connection's handshake proved. */
    public static Optional<Did> didOf(Connection connection) {
        return didOf(connection.remotePublicKey());
    }

    public static Optional<Did> didOf(PublicKey key) {
        return switch (key.type()) {
            case ED25519, SECP256K1 -> Optional.of(Did.of(key));
            case RSA, ECDSA -> Optional.empty();
        };
    }
}
