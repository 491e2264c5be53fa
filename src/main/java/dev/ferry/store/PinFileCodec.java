package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The pin file (version 1), all integers big-endian:
 * <pre>
 *   "FERRYPIN"                 8 bytes magic
 *   version                    1 byte = 1
 *   count                      4 bytes, number of entries
 *   count × entry:
 *     type                     1 byte, {@link PinType#code()} (RECURSIVE 1 or DIRECT 2)
 *     cid length               unsigned varint, 1..{@value #MAX_CID_LENGTH}
 *     cid                      the binary CID
 *   crc32c                     4 bytes, CRC-32C of every byte before it
 * </pre>
 * Entries are sorted by CID bytes (one canonical encoding per set). The decoder is strict: the checksum is checked
 * before anything else (a torn write fails it), then every length against what is left before allocating; a duplicate
 * CID, an unknown or INDIRECT type, trailing bytes or a malformed CID are errors. It throws only
 * {@link CorruptPinFileException}.
 */
final class PinFileCodec {
    static final byte[] MAGIC = "FERRYPIN".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int MAX_CID_LENGTH = 1024;
    /** Bigger files are refused unread (about 7 million pins). */
    static final int MAX_FILE_SIZE = 256 << 20;
    private static final int HEADER = MAGIC.length + 1 + 4;
    private static final int TRAILER = 4;
    /** type + length + the shortest CID a decoder could accept */
    private static final int MIN_ENTRY = 1 + 1 + 2;

    private PinFileCodec() {
    }

    static byte[] encode(Map<Cid, PinType> pins) {
        List<Map.Entry<byte[], PinType>> entries = new ArrayList<>(pins.size());
        for (var e : pins.entrySet()) {
            if (!e.getValue().storable()) {
                throw new IllegalArgumentException("indirect pins are not stored: " + e.getKey());
            }
            entries.add(Map.entry(e.getKey().bytes(), e.getValue()));
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + TRAILER + pins.size() * 40);
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(4).putInt(entries.size()).array());
        for (var e : entries) {
            out.write(e.getValue().code());
            out.writeBytes(Varint.encode(e.getKey().length));
            out.writeBytes(e.getKey());
        }
        CRC32C crc = new CRC32C();
        byte[] body = out.toByteArray();
        crc.update(body);
        byte[] file = Arrays.copyOf(body, body.length + TRAILER);
        ByteBuffer.wrap(file, body.length, TRAILER).putInt((int) crc.getValue());
        return file;
    }

    static Map<Cid, PinType> decode(byte[] file) {
        if (file.length > MAX_FILE_SIZE) {
            throw new CorruptPinFileException("pin file of " + file.length + " bytes exceeds " + MAX_FILE_SIZE);
        }
        if (file.length < HEADER + TRAILER) {
            throw new CorruptPinFileException("pin file truncated: " + file.length + " bytes");
        }
        if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptPinFileException("not a pin file (bad magic)");
        }
        int bodyLength = file.length - TRAILER;
        CRC32C crc = new CRC32C();
        crc.update(file, 0, bodyLength);
        int stored = ByteBuffer.wrap(file, bodyLength, TRAILER).getInt();
        if (stored != (int) crc.getValue()) {
            throw new CorruptPinFileException("pin file checksum mismatch (torn or corrupt)");
        }
        ByteBuffer buf = ByteBuffer.wrap(file, 0, bodyLength);
        buf.position(MAGIC.length);
        int version = buf.get() & 0xff;
        if (version != VERSION) {
            throw new CorruptPinFileException("unsupported pin file version " + version);
        }
        long count = buf.getInt() & 0xffffffffL;
        if (count > buf.remaining() / MIN_ENTRY) {
            throw new CorruptPinFileException("pin count " + count + " does not fit in " + buf.remaining() + " bytes");
        }
        HashMap<Cid, PinType> pins = HashMap.newHashMap((int) count);
        for (long i = 0; i < count; i++) {
            if (buf.remaining() < 2) {
                throw new CorruptPinFileException("pin entry " + i + " truncated");
            }
            int code = buf.get() & 0xff;
            PinType type = switch (code) {
                case 1 -> PinType.RECURSIVE;
                case 2 -> PinType.DIRECT;
                default -> throw new CorruptPinFileException("pin entry " + i + ": bad pin type " + code);
            };
            long length;
            try {
                length = Varint.decode(buf);
            } catch (IllegalArgumentException | BufferUnderflowException e) {
                throw new CorruptPinFileException("pin entry " + i + ": bad CID length: " + e.getMessage());
            }
            if (length < 1 || length > MAX_CID_LENGTH || length > buf.remaining()) {
                throw new CorruptPinFileException("pin entry " + i + ": CID length " + length + " out of range");
            }
            byte[] cidBytes = new byte[(int) length];
            buf.get(cidBytes);
            Cid cid;
            try {
                cid = Cid.decode(cidBytes);
            } catch (IllegalArgumentException e) { // MultiformatException
                throw new CorruptPinFileException("pin entry " + i + ": bad CID: " + e.getMessage());
            }
            if (pins.put(cid, type) != null) {
                throw new CorruptPinFileException("pin entry " + i + ": duplicate CID " + cid);
            }
        }
        if (buf.hasRemaining()) {
            throw new CorruptPinFileException(buf.remaining() + " trailing bytes after the pin entries");
        }
        return pins;
    }
}
