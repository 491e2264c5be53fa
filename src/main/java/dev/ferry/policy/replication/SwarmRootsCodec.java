package dev.ferry.policy.replication;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Varint;
import dev.ferry.store.ChecksummedTable;
import dev.ferry.policy.replication.wire.RootAnnouncement;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The swarm roots file, all integers big-endian:
 * <pre>
 *   "FERRYSWR"                 8 bytes magic
 *   version                    1 byte: 1
 *   count                      4 bytes, number of entries, at most {@value SwarmRoots#MAX_ENTRIES}
 *   count × entry:
 *     root length              unsigned varint, 1..{@value RootAnnouncement#MAX_CID_BYTES}
 *     root                     the binary CID
 *     announcer length         unsigned varint, 1..{@value Did#MAX_TEXT_LENGTH}
 *     announcer                its did:key, ASCII
 *     announced at             8 bytes, unix ms
 *   crc32c                     4 bytes, CRC-32C of every byte before it
 * </pre>
 * Entries are sorted by root bytes, then by announcer: one encoding per table. The decoder is strict and bounded: the
 * size and checksum first, then every count and length against what is left before anything is allocated; entries
 * out of order (duplicates included), a DID or CID that does not parse, trailing bytes are errors. It throws only
 * {@link CorruptSwarmRootsException}.
 */
final class SwarmRootsCodec {
    static final byte[] MAGIC = "FERRYSWR".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Above 100,000 entries of the longest fields; bigger files are refused unread. */
    static final int MAX_FILE_SIZE = 32 << 20;
    private static final int HEADER = MAGIC.length + 1 + 4;
    /** The shortest entry a decoder could accept: two 1-byte lengths, 2 bytes of CID, 1 of DID, a long. */
    private static final int MIN_ENTRY = 1 + 2 + 1 + 1 + 8;

    /** Ascending unsigned root bytes, then announcer text. */
    static final Comparator<SwarmRoot> ORDER = ((Comparator<SwarmRoot>) (a, b) ->
            Arrays.compareUnsigned(a.root().bytes(), b.root().bytes()))
            .thenComparing(e -> e.announcer().toString());

    private SwarmRootsCodec() {}

    static byte[] encode(Collection<SwarmRoot> entries) {
        List<SwarmRoot> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + ChecksummedTable.TRAILER + sorted.size() * 100);
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(4).putInt(sorted.size()).array());
        for (SwarmRoot e : sorted) {
            byte[] root = e.root().bytes();
            byte[] announcer = e.announcer().toString().getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(Varint.encode(root.length));
            out.writeBytes(root);
            out.writeBytes(Varint.encode(announcer.length));
            out.writeBytes(announcer);
            out.writeBytes(ByteBuffer.allocate(8).putLong(e.announcedAtMillis()).array());
        }
        return ChecksummedTable.seal(out.toByteArray());
    }

    static List<SwarmRoot> decode(byte[] file) {
        ByteBuffer buf = ChecksummedTable.open(file, MAGIC, VERSION, 4, MAX_FILE_SIZE, "swarm roots table",
                CorruptSwarmRootsException::new);
        long count = buf.getInt() & 0xffffffffL;
        if (count > SwarmRoots.MAX_ENTRIES || count > buf.remaining() / MIN_ENTRY) {
            throw new CorruptSwarmRootsException("swarm roots count " + count + " out of range for "
                    + buf.remaining() + " bytes");
        }
        List<SwarmRoot> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            byte[] rootBytes = field(buf, i, "root", RootAnnouncement.MAX_CID_BYTES);
            byte[] didBytes = field(buf, i, "announcer", Did.MAX_TEXT_LENGTH);
            if (buf.remaining() < 8) {
                throw new CorruptSwarmRootsException("swarm roots entry " + i + " truncated");
            }
            long at = buf.getLong();
            SwarmRoot e;
            try {
                e = new SwarmRoot(Cid.decode(rootBytes), Did.parse(new String(didBytes, StandardCharsets.US_ASCII)),
                        at);
            } catch (RuntimeException ex) { // a bad DID or CID: whatever the parsers throw
                throw new CorruptSwarmRootsException("swarm roots entry " + i + ": " + ex.getMessage());
            }
            if (!out.isEmpty() && ORDER.compare(out.getLast(), e) >= 0) {
                throw new CorruptSwarmRootsException("swarm roots entry " + i + " out of order or repeated");
            }
            out.add(e);
        }
        if (buf.hasRemaining()) {
            throw new CorruptSwarmRootsException(buf.remaining() + " trailing bytes after the swarm roots entries");
        }
        return out;
    }

    private static byte[] field(ByteBuffer buf, int entry, String what, int max) {
        long length;
        try {
            length = Varint.decode(buf);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            throw new CorruptSwarmRootsException("swarm roots entry " + entry + ": bad " + what + " length");
        }
        if (length < 1 || length > max || length > buf.remaining()) {
            throw new CorruptSwarmRootsException("swarm roots entry " + entry + ": " + what + " length " + length
                    + " out of range");
        }
        byte[] b = new byte[(int) length];
        buf.get(b);
        return b;
    }
}
