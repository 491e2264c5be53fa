package dev.ferry.routing.ipns.wire;

/**
 * The fields of a serialized IPNS record ({@code IpnsEntry}) as they are on the wire; {@code null} for an absent
 * field. Byte arrays are shared, not copied: callers own what they pass and get.
 */
public record IpnsEntry(byte[] value, byte[] signatureV1, Long validityType, byte[] validity, Long sequence, Long ttl,
                        byte[] pubKey, byte[] signatureV2, byte[] data) {
    /** Whether any legacy V1 field that carries content is present. */
    public boolean hasV1() {
        return value != null || signatureV1 != null;
    }
}
