package dev.ferry.store;

import dev.ferry.multiformats.Multibase;
import dev.ferry.multiformats.Multihash;
import dev.ferry.multiformats.MultiformatException;
import java.util.Optional;

/**
 * File names of Kubo's flatfs: the key of a block is the RFC 4648 base32 (upper case, no padding) of its multihash
 * bytes, the file {@code <shard>/<KEY>.data}, and the shard the two characters before the last one of the key
 * ({@code /repo/flatfs/shard/v1/next-to-last/2}; keys shorter than 3 are padded in front with '_').
 */
final class FlatfsKeys {
    static final String SHARD_SPEC = "/repo/flatfs/shard/v1/next-to-last/2";
    static final String EXTENSION = ".data";
    private static final int SUFFIX_LEN = 2;
    /** Longer names cannot come from a multihash we would store (bounds the decode of foreign names). */
    private static final int MAX_KEY_LEN = 256;

    private FlatfsKeys() {
    }

    static String key(Multihash mh) {
        return Multibase.BASE32_UPPER.encodeBare(mh.bytes());
    }

    static String shard(String key) {
        String padded = "_".repeat(SUFFIX_LEN + 1) + key;
        int off = padded.length() - SUFFIX_LEN - 1;
        return padded.substring(off, off + SUFFIX_LEN);
    }

    static String fileName(String key) {
        return key + EXTENSION;
    }

    /** The multihash a flatfs file name stands for; empty for a foreign, temporary or non-canonical name. */
    static Optional<Multihash> parseFileName(String name) {
        if (!name.endsWith(EXTENSION)) {
            return Optional.empty();
        }
        String key = name.substring(0, name.length() - EXTENSION.length());
        if (key.isEmpty() || key.length() > MAX_KEY_LEN) {
            return Optional.empty();
        }
        try {
            Multihash mh = Multihash.decode(Multibase.BASE32_UPPER.decodeBare(key));
            // only the canonical spelling is ours: a name that does not re-encode to itself is foreign
            return key(mh).equals(key) ? Optional.of(mh) : Optional.empty();
        } catch (MultiformatException e) {
            return Optional.empty();
        }
    }
}
