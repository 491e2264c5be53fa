package dev.ferry.net.security;

import dev.ferry.identity.PeerId;

/**
 * Implemented by the handshake failures that mean "someone else answers there": the peer proved an identity other
 * than the one dialled. Dialling another address of the same peer will not help.
 */
public interface PeerMismatch {
    PeerId expected();

    PeerId actual();
}
