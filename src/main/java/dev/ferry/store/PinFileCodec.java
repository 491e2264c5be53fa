package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The pin file, all integers big-endian:
 * <pre>
 *   "FERRYPIN"                 8 bytes magic
 *   version                    1 byte: 2 (written), or 1 (still read)
 *   count                      4 bytes, number of entries
 *   count × entry:
 *     type                     1 byte, {@link PinType#code()} (RECURSIVE 1 or DIRECT 2)
 *     cid length               unsigned varint, 1..{@value #MAX_CID_LENGTH}
 *     cid                      the binary CID
 *     name length              (version 2 only) unsigned varint, 0..{@value PinEntry#MAX_NAME_BYTES}
 *     name                     (version 2 only) the pin's name, UTF-8; empty for an unnamed pin
 *   crc32c                     4 bytes, CRC-32C of every byte before it
 * </pre>
 * Version 1 has no names: its pins read as unnamed, and the next write of the store makes the file version 2.
 * Entries are sorted by CID bytes (one canonical encoding per set). The decoder is strict: the checksum is checked
 * before anything else (a torn write fails it), then every length against what is left before allocating; a duplicate
 * CID, an unknown or INDIRECT type, a name that is too long or not well-formed UTF-8, trailing bytes or a malformed
 * CID are errors. It throws only {@link CorruptPinFileException}.
 */
final class PinFileCodec {
    static final byte[] MAGIC = "FERRYPIN".getBytes(StandardCharsets.US_ASCII);
    /** The version written. */
    static final int VERSION = 2;
    /** The version before names, still read. */
    static final int VERSION_WITHOUT_NAMES = 1;
    static final int MAX_CID_LENGTH = 1024;
    /** Bigger files are refused unread (about 7 million pins). */
    static final int MAX_FILE_SIZE = 256 << 20;
    private static final int HEADER = MAGIC.length + 1 + 4;
    private static final int TRAILER = 4;
    /** type + length + the shortest CID a decoder could accept (+ an empty name's length in version 2) */
    private static final int MIN_ENTRY_V1 = 1 + 1 + 2;
    private static final int MIN_ENTRY_V2 = MIN_ENTRY_V1 + 1;

    private PinFileCodec() {
    }

    /** The version-2 file of {@code pins}. */
    static byte[] encode(Map<Cid, PinEntry> pins) {
        List<Map.Entry<byte[], PinEntry>> entries = new ArrayList<>(pins.size());
        for (var e : pins.entrySet()) {
            entries.add(Map.entry(e.getKey().bytes(), e.getValue()));
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + TRAILER + pins.size() * 40);
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(4).putInt(entries.size()).array());
        for (var e : entries) {
            byte[] name = e.getValue().name().getBytes(StandardCharsets.UTF_8);
            out.write(e.getValue().type().code());
            out.writeBytes(Varint.encode(e.getKey().length));
            out.writeBytes(e.getKey());
            out.writeBytes(Varint.encode(name.length));
            out.writeBytes(name);
        }
        return seal(out.toByteArray());
    }

    private static byte[] seal(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] file = Arrays.copyOf(body, body.length + TRAILER);
        ByteBuffer.wrap(file, body.length, TRAILER).putInt((int) crc.getValue());
        return file;
    }

    static Map<Cid, PinEntry> decode(byte[] file) {
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
        if (version != VERSION && version != VERSION_WITHOUT_NAMES) {
            throw new CorruptPinFileException("unsupported pin file version " + version);
        }
        boolean named = version == VERSION;
        long count = buf.getInt() & 0xffffffffL;
        if (count > buf.remaining() / (named ? MIN_ENTRY_V2 : MIN_ENTRY_V1)) {
            throw new CorruptPinFileException("pin count " + count + " does not fit in " + buf.remaining() + " bytes");
        }
        HashMap<Cid, PinEntry> pins = HashMap.newHashMap((int) count);
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
            long length = length(buf, i, "CID");
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
            String name = named ? name(buf, i) : "";
            if (pins.put(cid, new PinEntry(type, name)) != null) {
                throw new CorruptPinFileException("pin entry " + i + ": duplicate CID " + cid);
            }
        }
        if (buf.hasRemaining()) {
            throw new CorruptPinFileException(buf.remaining() + " trailing bytes after the pin entries");
        }
        return pins;
    }

    private static long length(ByteBuffer buf, long entry, String what) {
        try {
            return Varint.decode(buf);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            throw new CorruptPinFileException("pin entry " + entry + ": bad " + what + " length: " + e.getMessage());
        }
    }

    private static String name(ByteBuffer buf, long entry) {
        long length = length(buf, entry, "name");
        if (length > PinEntry.MAX_NAME_BYTES || length > buf.remaining()) {
            throw new CorruptPinFileException("pin entry " + entry + ": name length " + length + " out of range");
        }
        ByteBuffer bytes = buf.slice(buf.position(), (int) length);
        buf.position(buf.position() + (int) length);
        try {
            // strict: malformed UTF-8 (overlong forms, surrogates, cut sequences) is corruption, never replaced
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptPinFileException("pin entry " + entry + ": name is not valid UTF-8");
        }
    }
}
