package dev.ferry.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * The frame small repository tables share: a magic, a version byte, the table's own body, and a CRC-32C of every
 * byte before it. Opening checks, in this order, the size, the magic, the checksum (a torn write fails here) and the
 * version, so a table's decoder only ever reads a body that arrived whole.
 */
public final class ChecksummedTable {
    /** Bytes of the checksum at the end. */
    public static final int TRAILER = 4;

    private ChecksummedTable() {}

    /** {@code framed} (magic, version and body) with its checksum appended. */
    public static byte[] seal(byte[] framed) {
        CRC32C crc = new CRC32C();
        crc.update(framed);
        byte[] file = Arrays.copyOf(framed, framed.length + TRAILER);
        ByteBuffer.wrap(file, framed.length, TRAILER).putInt((int) crc.getValue());
        return file;
    }

    /**
     * The body of {@code file}: a buffer from after the version byte to before the checksum.
     *
     * @param minBody the fewest body bytes the table can have (its fixed header)
     * @param name how errors name the table, e.g. {@code "storage ledger"}
     * @param corrupt makes the table's own exception from a one-line message; it is thrown
     */
    public static ByteBuffer open(byte[] file, byte[] magic, int version, int minBody, int maxSize, String name,
            Function<String, ? extends RuntimeException> corrupt) {
        if (file.length > maxSize) {
            throw corrupt.apply(name + " of " + file.length + " bytes exceeds " + maxSize);
        }
        if (file.length < magic.length + 1 + minBody + TRAILER) {
            throw corrupt.apply(name + " truncated: " + file.length + " bytes");
        }
        if (!Arrays.equals(file, 0, magic.length, magic, 0, magic.length)) {
            throw corrupt.apply("not a " + name + " (bad magic)");
        }
        int bodyEnd = file.length - TRAILER;
        CRC32C crc = new CRC32C();
        crc.update(file, 0, bodyEnd);
        if (ByteBuffer.wrap(file, bodyEnd, TRAILER).getInt() != (int) crc.getValue()) {
            throw corrupt.apply(name + " checksum mismatch (torn or corrupt)");
        }
        int v = file[magic.length] & 0xff;
        if (v != version) {
            throw corrupt.apply("unsupported " + name + " version " + v);
        }
        ByteBuffer body = ByteBuffer.wrap(file, 0, bodyEnd);
        body.position(magic.length + 1);
        return body;
    }
}
