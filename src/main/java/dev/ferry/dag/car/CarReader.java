package dev.ferry.dag.car;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.cbor.DagCborException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.store.Block;
import dev.ferry.store.InvalidBlockException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Streaming reader of CARv1 and CARv2 files. {@link #open} reads the header(s); {@link #next()} then yields one
 * VERIFIED block per section (each block is hashed against its CID before it is returned), until the end of the
 * CARv1 payload. Not thread-safe. See {@code package-info.java} for the format and limits.
 */
public final class CarReader implements Closeable {
    /** Largest accepted CARv1 header (dag-cbor bytes). */
    public static final int MAX_HEADER_SIZE = 1024 * 1024;
    /** Largest accepted block. */
    public static final int MAX_BLOCK_SIZE = 2 * 1024 * 1024;
    /** Largest accepted section: a CID (generously bounded) and a block. */
    public static final int MAX_SECTION_SIZE = MAX_BLOCK_SIZE + 256;

    private final Counting in;
    private final int version;
    private final List<Cid> roots;
    private final CarV2Header v2;
    private final long dataEnd;
    private long sections;
    private boolean done;
    private CarException failure;

    private CarReader(Counting in, int version, List<Cid> roots, CarV2Header v2, long dataEnd) {
        this.in = in;
        this.version = version;
        this.roots = roots;
        this.v2 = v2;
        this.dataEnd = dataEnd;
    }

    /**
     * Reads the header (and for CARv2 the fixed header, skipping to the inner CARv1 and reading its header).
     *
     * @throws CarException on a malformed or truncated header
     * @throws IOException  when the stream itself fails
     */
    public static CarReader open(InputStream stream) throws IOException {
        Counting in = new Counting(new BufferedInputStream(Objects.requireNonNull(stream, "stream"), 1 << 16),
                Long.MAX_VALUE);
        byte[] header = readHeaderBytes(in, "header");
        if (Arrays.equals(header, 0, header.length, CarV2Header.PRAGMA, 1, CarV2Header.PRAGMA.length)) {
            byte[] fixed = readFully(in, CarV2Header.LENGTH, "CARv2 header");
            CarV2Header h = CarV2Header.decode(fixed);
            long gap = h.dataOffset() - in.count;
            skipFully(in, gap);
            in.limit = in.count + h.dataSize();
            long start = in.count;
            List<Cid> roots = parseV1Header(readHeaderBytes(in, "inner CARv1 header"), start);
            return new CarReader(in, 2, roots, h, in.limit);
        }
        return new CarReader(in, 1, parseV1Header(header, 0), null, -1);
    }

    /** 1 or 2. */
    public int version() {
        return version;
    }

    /** The roots of the (inner) CARv1 header, in order. */
    public List<Cid> roots() {
        return roots;
    }

    /** The fixed CARv2 header, for a CARv2. */
    public Optional<CarV2Header> v2Header() {
        return Optional.ofNullable(v2);
    }

    /** Sections read so far. */
    public long sectionsRead() {
        return sections;
    }

    /**
     * The next block, verified against its CID; empty at the end of the CARv1 payload.
     *
     * @throws CarException on a truncated, oversized or malformed section, or a block that does not match its CID
     * @throws IOException  when the stream itself fails
     */
    public Optional<Block> next() throws IOException {
        if (failure != null) {
            throw failure; // sticky: the stream position is meaningless after a malformed section
        }
        if (done) {
            return Optional.empty();
        }
        try {
            return readSection();
        } catch (CarException e) {
            failure = e;
            throw e;
        }
    }

    private Optional<Block> readSection() throws IOException {
        long at = in.count;
        long length;
        try {
            length = readVarint(in);
        } catch (CleanEof e) {
            done = true;
            if (dataEnd >= 0 && in.count < dataEnd) {
                throw new CarException("truncated CAR: data payload ends at offset " + in.count
                        + " before its declared end " + dataEnd);
            }
            return Optional.empty();
        }
        if (length == 0) {
            throw new CarException("zero-length section at offset " + at);
        }
        if (length > MAX_SECTION_SIZE) {
            throw new CarException("section at offset " + at + " declares " + length + " bytes, above the cap of "
                    + MAX_SECTION_SIZE);
        }
        byte[] section = readFully(in, (int) length, "section #" + sections + " at offset " + at);
        ByteBuffer buf = ByteBuffer.wrap(section);
        Cid cid;
        try {
            cid = Cid.read(buf);
        } catch (MultiformatException e) {
            throw new CarException("invalid CID in section #" + sections + " at offset " + at + ": "
                    + e.getMessage(), e);
        }
        byte[] data = Arrays.copyOfRange(section, buf.position(), section.length);
        if (data.length > MAX_BLOCK_SIZE) {
            throw new CarException("block " + cid + " at offset " + at + " is " + data.length
                    + " bytes, above the cap of " + MAX_BLOCK_SIZE);
        }
        Block block;
        try {
            block = new Block(cid, data);
        } catch (InvalidBlockException e) {
            throw new CarException("block " + cid + " in section #" + sections + " at offset " + at
                    + " does not match its CID", e);
        }
        sections++;
        return Optional.of(block);
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    private static List<Cid> parseV1Header(byte[] bytes, long at) {
        CborValue value;
        try {
            value = DagCbor.decode(bytes);
        } catch (DagCborException e) {
            throw new CarException("CAR header at offset " + at + " is not valid dag-cbor: " + e.getMessage(), e);
        }
        if (!(value instanceof CborMap map)) {
            throw new CarException("CAR header is not a map");
        }
        for (String key : map.entries().keySet()) {
            if (!key.equals("roots") && !key.equals("version")) {
                throw new CarException("CAR header has an unknown key \"" + key + "\"");
            }
        }
        if (!(map.get("version").orElse(null) instanceof CborInteger v) || v.value().bitLength() > 31) {
            throw new CarException("CAR header has no integer version");
        }
        int version = v.value().intValue();
        if (version == 2) {
            throw new CarException("CARv2 pragma where a CARv1 header was expected (offset " + at + ")");
        }
        if (version != 1) {
            throw new CarException("unsupported CAR version " + version);
        }
        if (!(map.get("roots").orElse(null) instanceof CborArray array)) {
            throw new CarException("CAR header has no roots array");
        }
        List<Cid> roots = new ArrayList<>(array.items().size());
        for (CborValue item : array.items()) {
            if (!(item instanceof CborLink link)) {
                throw new CarException("CAR header roots must all be CIDs");
            }
            roots.add(link.cid());
        }
        return List.copyOf(roots);
    }

    private static byte[] readHeaderBytes(Counting in, String what) throws IOException {
        long at = in.count;
        long length;
        try {
            length = readVarint(in);
        } catch (CleanEof e) {
            throw new CarException("truncated CAR: no " + what + " at offset " + at);
        }
        if (length == 0) {
            throw new CarException("empty " + what + " at offset " + at);
        }
        if (length > MAX_HEADER_SIZE) {
            throw new CarException(what + " at offset " + at + " declares " + length + " bytes, above the cap of "
                    + MAX_HEADER_SIZE);
        }
        return readFully(in, (int) length, what + " at offset " + at);
    }

    /** {@code length} is capped by the caller, so the array is allocated at once (readNBytes(int) copies twice). */
    private static byte[] readFully(Counting in, int length, String what) throws IOException {
        byte[] out = new byte[length];
        int n = in.readNBytes(out, 0, length);
        if (n < length) {
            throw new CarException("truncated CAR: " + what + " declares " + length + " bytes, only " + n + " left");
        }
        return out;
    }

    private static void skipFully(Counting in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new CarException("truncated CAR: CARv2 data offset lies beyond the end of the file");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** A minimal unsigned varint (at most 9 bytes); {@link CleanEof} when the stream ends before its first byte. */
    private static long readVarint(Counting in) throws IOException {
        long start = in.count;
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    throw new CleanEof();
                }
                throw new CarException("truncated CAR: varint at offset " + start + " is cut off");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CarException("non-minimal varint at offset " + start);
                }
                return value;
            }
        }
        throw new CarException("varint at offset " + start + " is longer than 9 bytes");
    }

    /** End of stream exactly where a new item could start. */
    private static final class CleanEof extends IOException {
        private static final long serialVersionUID = 1L;

        CleanEof() {
            super("end of stream");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // control flow only
        }
    }

    /** Counts bytes read and stops at {@code limit} (the end of a CARv2 data payload). */
    private static final class Counting extends InputStream {
        private final InputStream in;
        private long count;
        private long limit;

        Counting(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (count >= limit) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long left = limit - count;
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(Math.min(n, limit - count));
            if (s > 0) {
                count += s;
            }
            return s;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
