package dev.ferry.multiformats;

/**
 * Bare base58btc (bitcoin alphabet, no multibase prefix), as used by CIDv0 and legacy peer IDs. A leading zero byte
 * is written as {@code '1'}. Thread-safe.
 */
public final class Base58 {
    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final RadixCodec CODEC = new RadixCodec("base58btc", ALPHABET);

    private Base58() {
    }

    public static String encode(byte[] data) {
        return CODEC.encode(data);
    }

    /**
     * @throws MultiformatException on a character outside the alphabet or text longer than 8192 characters
     */
    public static byte[] decode(String text) {
        return CODEC.decode(text);
    }
}
