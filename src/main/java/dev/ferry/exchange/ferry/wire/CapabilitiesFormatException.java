package dev.ferry.exchange.ferry.wire;

import java.io.IOException;

/**
 * The only exception the capabilities decoders (frames, envelopes, records, Bloom filters) throw for malformed,
 * non-canonical or oversized input.
 */
public final class CapabilitiesFormatException extends IOException {
    private final boolean oversized;

    public CapabilitiesFormatException(String message) {
        this(message, null, false);
    }

    public CapabilitiesFormatException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private CapabilitiesFormatException(String message, Throwable cause, boolean oversized) {
        super(message, cause);
        this.oversized = oversized;
    }

    /** A well-formed length or size above a cap (refused before allocating). */
    public static CapabilitiesFormatException oversized(String message) {
        return new CapabilitiesFormatException(message, null, true);
    }

    /** Whether the input was refused for its size rather than its form. */
    public boolean oversized() {
        return oversized;
    }
}
