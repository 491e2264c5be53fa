package dev.ferry.net.security.noise;

import dev.ferry.identity.PeerId;
import dev.ferry.net.security.PeerMismatch;

/** The responder proved an identity other than the one the dialer asked for. */
public final class PeerIdMismatchException extends NoiseException implements PeerMismatch {
    private final PeerId expected;
    private final PeerId actual;

    public PeerIdMismatchException(PeerId expected, PeerId actual) {
        super("remote peer is " + actual + ", expected " + expected);
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
