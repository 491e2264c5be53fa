package dev.ferry.store;

import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Multihash;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The bytes of one filestore index record (one file per entry, see {@link FilestoreIndex}):
 * <pre>
 *   "FSR" 0x01            magic and version
 *   u16  L, L bytes       the block's multihash (the file name says it too: a record under another name is corrupt)
 *   u64  offset           big-endian, at most 2^63-1
 *   u32  size             at most {@link #MAX_SIZE}
 *   u16  P, P bytes       the path, UTF-8, relative to the filestore root ({@link #checkPath})
 *   u32  CRC-32C          of every byte before it
 * </pre>
 * Decoding is strict: any length, value, trailing byte or checksum that is off is a
 * {@link CorruptFilestoreEntryException}, never another exception, so a torn or altered record is named as such.
 */
public final class FilestoreRecordCodec {
    static final byte[] MAGIC = {'F', 'S', 'R', 1};
    /** Twice Kubo's largest leaf (1 MiB), the block size peers exchange at most: bounds what a read allocates. */
    public static final int MAX_SIZE = 2 << 20;
    public static final int MAX_PATH_BYTES = 4096;
    private static final int MAX_MULTIHASH = Multihash.MAX_DIGEST_LENGTH + 20;
    /** The longest record: every decode reads at most this many bytes. */
    public static final int MAX_RECORD = MAGIC.length + 2 + MAX_MULTIHASH + 8 + 4 + 2 + MAX_PATH_BYTES + 4;

    private FilestoreRecordCodec() {
    }

    public static byte[] encode(FilestoreEntry e) {
        byte[] mh = e.key().bytes();
        byte[] path = e.path().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + mh.length + 8 + 4 + 2 + path.length + 4);
        b.put(MAGIC).putShort((short) mh.length).put(mh).putLong(e.offset()).putInt(e.size())
                .putShort((short) path.length).put(path);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Decodes a record; {@code where} names it in the error. */
    public static FilestoreEntry decode(byte[] bytes, String where) {
        if (bytes.length > MAX_RECORD) {
            throw corrupt(where, "longer than any record (" + bytes.length + " bytes)");
        }
        if (bytes.length < MAGIC.length + 4) {
            throw corrupt(where, "truncated (" + bytes.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw corrupt(where, "checksum mismatch");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        try {
            for (byte m : MAGIC) {
                if (b.get() != m) {
                    throw corrupt(where, "not a filestore record (bad magic or version)");
                }
            }
            int mhLen = Short.toUnsignedInt(b.getShort());
            if (mhLen == 0 || mhLen > MAX_MULTIHASH || mhLen > b.remaining()) {
                throw corrupt(where, "bad multihash length " + mhLen);
            }
            byte[] mh = new byte[mhLen];
            b.get(mh);
            Multihash key = Multihash.decode(mh);
            long offset = b.getLong();
            if (offset < 0) {
                throw corrupt(where, "negative offset");
            }
            int size = b.getInt();
            if (size < 0 || size > MAX_SIZE) {
                throw corrupt(where, "block size out of range: " + Integer.toUnsignedString(size));
            }
            int pathLen = Short.toUnsignedInt(b.getShort());
            if (pathLen != b.remaining()) {
                throw corrupt(where, "path length " + pathLen + " does not match the record");
            }
            byte[] pathBytes = new byte[pathLen];
            b.get(pathBytes);
            String path = utf8(pathBytes, where);
            try {
                checkPath(path);
            } catch (IllegalArgumentException e) {
                throw corrupt(where, e.getMessage());
            }
            return new FilestoreEntry(key, path, offset, size);
        } catch (BufferUnderflowException e) {
            throw corrupt(where, "truncated");
        } catch (MultiformatException e) {
            throw corrupt(where, "bad multihash: " + e.getMessage());
        }
    }

    /**
     * A path the index may hold: relative, '/'-separated, no empty, "." or ".." segment, no NUL, at most
     * {@link #MAX_PATH_BYTES} UTF-8 bytes. So a record can only ever name a file under the root.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("path longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path holds a NUL");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("path is not a plain relative path: " + path);
            }
        }
    }

    private static String utf8(byte[] bytes, String where) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw corrupt(where, "path is not UTF-8");
        }
    }

    private static CorruptFilestoreEntryException corrupt(String where, String why) {
        return new CorruptFilestoreEntryException("corrupt filestore entry " + where + ": " + why);
    }
}
