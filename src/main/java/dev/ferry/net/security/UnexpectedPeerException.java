package dev.ferry.net.security;

import dev.ferry.identity.PeerId;
import java.io.IOException;

/**
 * A connection secured as the responder proved a peer other than the one it was dialled for (a hole punch's dial,
 * where this side answers the handshake): someone else answers at that address.
 */
public final class UnexpectedPeerException extends IOException implements PeerMismatch {
    private final PeerId expected;
    private final PeerId actual;

    public UnexpectedPeerException(PeerId expected, PeerId actual) {
        super("dialled " + expected + " but " + actual + " answered");
        this.expected = expected;
        this.actual = actual;
    }

    @Override
    public PeerId expected() {
        return expected;
    }

    @Override
    public PeerId actual() {
        return actual;
    }
}
