package dev.ferry.net.security.tls;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;

/**
 * What one handshake expects of the peer's certificate and what the check found. Written by the TLS engine's trust
 * callback, read by the handshaking thread once the engine has finished or failed.
 */
final class HandshakeCheck {
    private final PeerId expected;
    private volatile PublicKey remoteKey;
    private volatile TlsException failure;

    HandshakeCheck(PeerId expected) {
        this.expected = expected;
    }

    PeerId expected() {
        return expected;
    }

    PublicKey remoteKey() {
        return remoteKey;
    }

    TlsException failure() {
        return failure;
    }

    void verified(PublicKey key) {
        this.remoteKey = key;
    }

    void failed(TlsException e) {
        this.failure = e;
    }
}
