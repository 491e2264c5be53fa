package dev.ferry.policy.pinning;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Varint;
import dev.ferry.store.ChecksummedTable;
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
 * The storage ledger's file, all integers big-endian:
 * <pre>
 *   "FERRYLDG"                 8 bytes magic
 *   version                    1 byte: 1
 *   count                      4 bytes, number of entries, at most {@value StorageLedger#MAX_ENTRIES}
 *   count × entry:
 *     holder length            unsigned varint, 1..{@value Did#MAX_TEXT_LENGTH}
 *     holder                   its did:key, ASCII
 *     root length              unsigned varint, 1..{@value #MAX_CID_LENGTH}
 *     root                     the binary CID
 *     bytes                    8 bytes, ≥ 0: the DAG's size the proof was for
 *     proven at                8 bytes, unix ms
 *   crc32c                     4 bytes, CRC-32C of every byte before it
 * </pre>
 * Entries are sorted by holder, then by root bytes: one encoding per ledger. The decoder is strict and bounded: the
 * size and checksum first, then every count and length against what is left before anything is allocated; entries
 * out of order (duplicates included), a DID or CID that does not parse, a negative size, trailing bytes are errors.
 * It throws only {@link CorruptLedgerException}.
 */
final class StorageLedgerCodec {
    static final byte[] MAGIC = "FERRYLDG".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int MAX_CID_LENGTH = 1024;
    /** Far above 10,000 entries of the longest fields; bigger files are refused unread. */
    static final int MAX_FILE_SIZE = 16 << 20;
    private static final int HEADER = MAGIC.length + 1 + 4;
    /** the shortest entry a decoder could accept: two 1-byte lengths, 1 + 2 bytes of text and CID, two longs */
    private static final int MIN_ENTRY = 1 + 1 + 1 + 2 + 16;

    /** Ascending holder text, then unsigned root bytes. */
    static final Comparator<LedgerEntry> ORDER = Comparator.comparing((LedgerEntry e) -> e.holder().toString())
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.root().bytes(), b.root().bytes()));

    private StorageLedgerCodec() {}

    static byte[] encode(Collection<LedgerEntry> entries) {
        List<LedgerEntry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + ChecksummedTable.TRAILER + sorted.size() * 110);
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(4).putInt(sorted.size()).array());
        for (LedgerEntry e : sorted) {
            byte[] holder = e.holder().toString().getBytes(StandardCharsets.US_ASCII);
            byte[] root = e.root().bytes();
            out.writeBytes(Varint.encode(holder.length));
            out.writeBytes(holder);
            out.writeBytes(Varint.encode(root.length));
            out.writeBytes(root);
            out.writeBytes(ByteBuffer.allocate(16).putLong(e.bytes()).putLong(e.provenAtMillis()).array());
        }
        return ChecksummedTable.seal(out.toByteArray());
    }

    static List<LedgerEntry> decode(byte[] file) {
        ByteBuffer buf = ChecksummedTable.open(file, MAGIC, VERSION, 4, MAX_FILE_SIZE, "storage ledger",
                CorruptLedgerException::new);
        long count = buf.getInt() & 0xffffffffL;
        if (count > StorageLedger.MAX_ENTRIES || count > buf.remaining() / MIN_ENTRY) {
            throw new CorruptLedgerException("ledger count " + count + " out of range for " + buf.remaining()
                    + " bytes");
        }
        List<LedgerEntry> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            byte[] holderBytes = field(buf, i, "holder", Did.MAX_TEXT_LENGTH);
            byte[] rootBytes = field(buf, i, "root", MAX_CID_LENGTH);
            if (buf.remaining() < 16) {
                throw new CorruptLedgerException("ledger entry " + i + " truncated");
            }
            long bytes = buf.getLong();
            long at = buf.getLong();
            LedgerEntry e;
            try {
                e = new LedgerEntry(Did.parse(new String(holderBytes, StandardCharsets.US_ASCII)),
                        Cid.decode(rootBytes), bytes, at);
            } catch (RuntimeException ex) { // a bad DID, CID or size: whatever the parsers throw
                throw new CorruptLedgerException("ledger entry " + i + ": " + ex.getMessage());
            }
            if (!out.isEmpty() && ORDER.compare(out.getLast(), e) >= 0) {
                throw new CorruptLedgerException("ledger entry " + i + " out of order or repeated");
            }
            out.add(e);
        }
        if (buf.hasRemaining()) {
            throw new CorruptLedgerException(buf.remaining() + " trailing bytes after the ledger entries");
        }
        return out;
    }

    private static byte[] field(ByteBuffer buf, int entry, String what, int max) {
        long length;
        try {
            length = Varint.decode(buf);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            throw new CorruptLedgerException("ledger entry " + entry + ": bad " + what + " length");
        }
        if (length < 1 || length > max || length > buf.remaining()) {
            throw new CorruptLedgerException("ledger entry " + entry + ": " + what + " length " + length
                    + " out of range");
        }
        byte[] b = new byte[(int) length];
        buf.get(b);
        return b;
    }
}
