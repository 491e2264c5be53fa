package dev.ferry.net.security;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.net.transport.DuplexStream;
import java.util.Optional;

/** A stream secured by a {@link SecurityProtocol}: encrypted, with both ends' identities proven. */
public interface SecuredStream extends DuplexStream {
    PeerId localPeer();

    PeerId remotePeer();

    PublicKey remotePublicKey();

    /**
     * The stream muxer both peers agreed on inside the handshake (early muxer negotiation), or empty when it is still
     * to be negotiated with multistream-select.
     */
    default Optional<String> earlyMuxer() {
        return Optional.empty();
    }
}
