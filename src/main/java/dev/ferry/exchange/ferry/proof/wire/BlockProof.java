package dev.ferry.exchange.ferry.proof.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A holder's answer for one challenged block: the {@value ProofWire#DIGEST_BYTES}-byte SHA-256 of the nonce followed
 * by the block's bytes, or "missing" ({@code digest} null) when it lacks the block.
 *
 * @throws IllegalArgumentException a digest that is not {@value ProofWire#DIGEST_BYTES} bytes
 */
public record BlockProof(byte[] digest) {
    private static final BlockProof MISSING = new BlockProof(null);

    public BlockProof {
        if (digest != null) {
            if (digest.length != ProofWire.DIGEST_BYTES) {
                throw new IllegalArgumentException("a block digest is " + ProofWire.DIGEST_BYTES + " bytes, not "
                        + digest.length);
            }
            digest = digest.clone();
        }
    }

    public static BlockProof missing() {
        return MISSING;
    }

    public static BlockProof of(byte[] digest) {
        return new BlockProof(java.util.Objects.requireNonNull(digest, "digest"));
    }

    public boolean isMissing() {
        return digest == null;
    }

    @Override
    public byte[] digest() {
        return digest == null ? null : digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockProof b && Arrays.equals(digest, b.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return digest == null ? "missing" : HexFormat.of().formatHex(digest);
    }
}
