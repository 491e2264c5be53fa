package dev.ferry.net.security;

import dev.ferry.identity.PeerId;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;

/**
 * A libp2p security protocol ({@code /noise}, {@code /tls/1.0.0}): proves both peers' identities over a raw stream
 * and encrypts it. Implementations are thread-safe; each handshake runs on the caller's thread.
 */
public interface SecurityProtocol {
    /** The multistream id the dialer proposes. */
    String protocolId();

    /**
     * Dials: runs the handshake as initiator.
     *
     * @param expected the peer the caller meant to reach, or null to accept any authenticated peer
     * @throws IOException on a failed handshake (the raw stream is closed); one that also implements
     *                     {@link PeerMismatch} when the peer proved another identity than {@code expected}
     */
    SecuredStream secureOutbound(DuplexStream raw, PeerId expected) throws IOException;

    /** Accepts: runs the handshake as responder; the remote identity is whatever the initiator proves. */
    SecuredStream secureInbound(DuplexStream raw) throws IOException;
}
