package dev.ferry.exchange.ferry;

import java.util.Arrays;

/**
 * A record with the exact bytes that were signed and the signature. Made only by {@link CapabilitiesCodec#sign} or
 * {@link CapabilitiesCodec#decode} (which checks the signature against an expected key).
 */
public record SignedCapabilities(CapabilitiesRecord record, byte[] recordBytes, byte[] signature) {
    public SignedCapabilities {
        recordBytes = recordBytes.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] recordBytes() {
        return recordBytes.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Same record bytes (hence same record); signatures may differ for randomized schemes. */
    public boolean sameRecord(SignedCapabilities other) {
        return Arrays.equals(recordBytes, other.recordBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedCapabilities s && Arrays.equals(recordBytes, s.recordBytes)
                && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(recordBytes) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedCapabilities[" + record.did() + " seq " + record.seq() + ", " + recordBytes.length + " bytes]";
    }
}
