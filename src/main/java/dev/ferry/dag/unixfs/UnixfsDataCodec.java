package dev.ferry.dag.unixfs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written protobuf codec for the UnixFS {@code Data} message (ipfs/specs src/unixfs.md).
 *
 * <p>Writing emits fields in number order, {@code blocksizes} NOT packed (as go and js do, which the CIDs depend on).
 * Reading is strict: unknown fields, wrong wire types, duplicate singular fields, a missing Type, varints longer than
 * ten bytes or out of range, and lengths past the end are rejected; packed {@code blocksizes} are accepted because
 * protobuf parsers must accept both forms. Every failure is a {@link UnixfsException}.
 */
public final class UnixfsDataCodec {
    /** Largest Data message accepted: above any block a peer may send (2 MiB) with room to spare. */
    public static final int MAX_ENCODED_SIZE = 4 << 20;
    /** Largest number of blocksizes accepted (a dag-pb block of 2 MiB cannot hold more links than this). */
    public static final int MAX_BLOCKSIZES = 1 << 17;

    private UnixfsDataCodec() {
    }

    public static byte[] encode(UnixfsData d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + d.inlineLength() + 10 * d.blocksizes().size());
        writeTag(out, 1, 0);
        writeVarint(out, d.type().code());
        if (d.data() != null) {
            writeTag(out, 2, 2);
            writeVarint(out, d.data().length);
            out.write(d.data(), 0, d.data().length);
        }
        if (d.filesize() != null) {
            writeTag(out, 3, 0);
            writeVarint(out, d.filesize());
        }
        for (long b : d.blocksizes()) {
            writeTag(out, 4, 0);
            writeVarint(out, b);
        }
        if (d.hashType() != null) {
            writeTag(out, 5, 0);
            writeVarint(out, d.hashType());
        }
        if (d.fanout() != null) {
            writeTag(out, 6, 0);
            writeVarint(out, d.fanout());
        }
        if (d.mode() != null) {
            writeTag(out, 7, 0);
            writeVarint(out, d.mode());
        }
        if (d.mtime() != null) {
            ByteArrayOutputStream t = new ByteArrayOutputStream(16);
            writeTag(t, 1, 0);
            writeVarint(t, d.mtime().seconds());
            if (d.mtime().nanos() != null) {
                writeTag(t, 2, 5);
                int n = d.mtime().nanos();
                t.write(n);
                t.write(n >>> 8);
                t.write(n >>> 16);
                t.write(n >>> 24);
            }
            writeTag(out, 8, 2);
            writeVarint(out, t.size());
            out.writeBytes(t.toByteArray());
        }
        return out.toByteArray();
    }

    public static UnixfsData decode(byte[] bytes) {
        if (bytes == null) {
            throw new UnixfsException("missing UnixFS data");
        }
        if (bytes.length > MAX_ENCODED_SIZE) {
            throw new UnixfsException("UnixFS data too large: " + bytes.length + " bytes");
        }
        Reader r = new Reader(bytes, 0, bytes.length);
        UnixfsType type = null;
        byte[] data = null;
        Long filesize = null;
        Long hashType = null;
        Long fanout = null;
        Long mode = null;
        UnixTime mtime = null;
        List<Long> blocksizes = new ArrayList<>();
        while (r.hasMore()) {
            long tag = r.varint();
            int field = (int) Math.min(tag >>> 3, Integer.MAX_VALUE);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> {
                    expect(wire, 0, "Type");
                    if (type != null) {
                        throw dup("Type");
                    }
                    type = UnixfsType.of(r.varint());
                }
                case 2 -> {
                    expect(wire, 2, "Data");
                    if (data != null) {
                        throw dup("Data");
                    }
                    data = r.bytes();
                }
                case 3 -> {
                    expect(wire, 0, "filesize");
                    if (filesize != null) {
                        throw dup("filesize");
                    }
                    filesize = r.uint64("filesize");
                }
                case 4 -> {
                    if (wire == 0) {
                        addBlocksize(blocksizes, r.uint64("blocksize"));
                    } else if (wire == 2) {
                        int len = r.length();
                        Reader p = new Reader(bytes, r.pos, r.pos + len);
                        r.pos += len;
                        while (p.hasMore()) {
                            addBlocksize(blocksizes, p.uint64("blocksize"));
                        }
                    } else {
                        throw new UnixfsException("blocksizes: wrong wire type " + wire);
                    }
                }
                case 5 -> {
                    expect(wire, 0, "hashType");
                    if (hashType != null) {
                        throw dup("hashType");
                    }
                    hashType = r.uint64("hashType");
                }
                case 6 -> {
                    expect(wire, 0, "fanout");
                    if (fanout != null) {
                        throw dup("fanout");
                    }
                    fanout = r.uint64("fanout");
                }
                case 7 -> {
                    expect(wire, 0, "mode");
                    if (mode != null) {
                        throw dup("mode");
                    }
                    long m = r.varint();
                    if (m < 0 || m > 0xFFFF_FFFFL) {
                        throw new UnixfsException("mode out of range");
                    }
                    mode = m;
                }
                case 8 -> {
                    expect(wire, 2, "mtime");
                    if (mtime != null) {
                        throw dup("mtime");
                    }
                    int len = r.length();
                    mtime = decodeTime(new Reader(bytes, r.pos, r.pos + len));
                    r.pos += len;
                }
                default -> throw new UnixfsException("unknown UnixFS field " + field);
            }
        }
        if (type == null) {
            throw new UnixfsException("UnixFS data without Type");
        }
        return new UnixfsData(type, data, filesize, blocksizes, hashType, fanout, mode, mtime);
    }

    private static UnixTime decodeTime(Reader r) {
        Long seconds = null;
        Integer nanos = null;
        while (r.hasMore()) {
            long tag = r.varint();
            long field = tag >>> 3;
            int wire = (int) (tag & 7);
            if (field == 1) {
                expect(wire, 0, "mtime.Seconds");
                if (seconds != null) {
                    throw dup("mtime.Seconds");
                }
                seconds = r.varint();
            } else if (field == 2) {
                expect(wire, 5, "mtime.FractionalNanoseconds");
                if (nanos != null) {
                    throw dup("mtime.FractionalNanoseconds");
                }
                nanos = r.fixed32();
            } else {
                throw new UnixfsException("unknown UnixTime field " + field);
            }
        }
        if (seconds == null) {
            throw new UnixfsException("UnixTime without Seconds");
        }
        return new UnixTime(seconds, nanos);
    }

    private static void addBlocksize(List<Long> list, long v) {
        if (list.size() >= MAX_BLOCKSIZES) {
            throw new UnixfsException("too many blocksizes (cap " + MAX_BLOCKSIZES + ")");
        }
        list.add(v);
    }

    private static void expect(int wire, int expected, String field) {
        if (wire != expected) {
            throw new UnixfsException(field + ": wrong wire type " + wire);
        }
    }

    private static UnixfsException dup(String field) {
        return new UnixfsException("duplicate UnixFS field " + field);
    }

    private static void writeTag(ByteArrayOutputStream out, int field, int wire) {
        writeVarint(out, ((long) field << 3) | wire);
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Bounded cursor over a slice; every read checks the end first. */
    private static final class Reader {
        private final byte[] buf;
        private final int end;
        private int pos;

        Reader(byte[] buf, int from, int end) {
            this.buf = buf;
            this.pos = from;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        long varint() {
            long result = 0;
            for (int i = 0; i < 10; i++) {
                if (pos >= end) {
                    throw new UnixfsException("truncated varint");
                }
                int b = buf[pos++] & 0xFF;
                if (i == 9 && b > 1) {
                    throw new UnixfsException("varint overflows 64 bits");
                }
                result |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new UnixfsException("varint longer than 10 bytes");
        }

        long uint64(String what) {
            long v = varint();
            if (v < 0) {
                throw new UnixfsException(what + " above 2^63-1");
            }
            return v;
        }

        int length() {
            long len = varint();
            if (len < 0 || len > end - pos) {
                throw new UnixfsException("length " + len + " past the end");
            }
            return (int) len;
        }

        byte[] bytes() {
            int len = length();
            byte[] out = new byte[len];
            System.arraycopy(buf, pos, out, 0, len);
            pos += len;
            return out;
        }

        int fixed32() {
            if (end - pos < 4) {
                throw new UnixfsException("truncated fixed32");
            }
            int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16
                    | (buf[pos + 3] & 0xFF) << 24;
            pos += 4;
            return v;
        }
    }
}
