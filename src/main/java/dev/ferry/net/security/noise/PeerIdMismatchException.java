package dev.ferry.net.security.noise;

import dev.ferry.identity.PeerId;

/** The responder proved an identity other than the one the dialer asked for. */
public final class PeerIdMismatchException extends NoiseException {
    private final PeerId expected;
    private final PeerId actual;

    public PeerIdMismatchException(PeerId expected, PeerId actual) {
        super("remote peer is " + actual + ", expected " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public PeerId expected() {
        return expected;
    }

    public PeerId actual() {
        return actual;
    }
}
