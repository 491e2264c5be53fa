package dev.ferry.exchange.ferry.wire;

/**
 * A {@code SignedCapabilities} message: the record bytes exactly as signed, and the signature. Arrays are not copied.
 */
public record WireEnvelope(byte[] record, byte[] signature) {
    public WireEnvelope {
        if (record == null || signature == null) {
            throw new IllegalArgumentException("record and signature are required");
        }
    }
}
