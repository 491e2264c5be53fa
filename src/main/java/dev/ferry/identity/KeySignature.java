package dev.ferry.identity;

import java.nio.charset.StandardCharsets;

/**
 * Signatures over arbitrary bytes that prove who holds a key, as Kubo's {@code key sign}/{@code key verify} make
 * them: the key signs {@code "libp2p-key signed message:"} followed by the bytes, so that such a signature can never
 * pass for one over a record or a handshake the same key makes.
 */
public final class KeySignature {
    public static final String PREFIX = "libp2p-key signed message:";

    private KeySignature() {}

    public static byte[] sign(PrivateKey key, byte[] data) {
        return key.sign(prefixed(data));
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        return key.verify(prefixed(data), signature);
    }

    private static byte[] prefixed(byte[] data) {
        byte[] p = PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[p.length + data.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(data, 0, out, p.length, data.length);
        return out;
    }
}
