package dev.ferry.dag.pb;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encoder and strict decoder for dag-pb (see {@code package-info.java} for the rules). Stateless and thread-safe.
 */
public final class PbCodec {
    /** Largest block this codec encodes or decodes: 2 MiB, the block limit of Kubo and Bitswap. */
    public static final int MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LEN = 2;
    private static final int KEY_DATA = (1 << 3) | WIRE_LEN; // 0x0a
    private static final int KEY_LINKS = (2 << 3) | WIRE_LEN; // 0x12
    private static final int KEY_HASH = (1 << 3) | WIRE_LEN; // 0x0a
    private static final int KEY_NAME = (2 << 3) | WIRE_LEN; // 0x12
    private static final int KEY_TSIZE = (3 << 3) | WIRE_VARINT; // 0x18

    private PbCodec() {
    }

    /**
     * Encodes in canonical form: all Links first (in the given order), then Data; in each link Hash, Name, Tsize.
     *
     * @throws DagPbException if the block would exceed {@link #MAX_BLOCK_SIZE}
     */
    public static byte[] encode(PbNode node) {
        List<PbLink> links = node.links();
        byte[][] hashes = new byte[links.size()][];
        byte[][] names = new byte[links.size()][];
        int[] linkSizes = new int[links.size()];
        long total = 0;
        for (int i = 0; i < links.size(); i++) {
            PbLink link = links.get(i);
            hashes[i] = link.hash().bytes();
            long size = 1 + varintSize(hashes[i].length) + hashes[i].length;
            if (link.name() != null) {
                names[i] = link.name().getBytes(StandardCharsets.UTF_8);
                size += 1 + varintSize(names[i].length) + names[i].length;
            }
            if (link.tsize() != null) {
                size += 1 + varintSize(link.tsize());
            }
            checkSize(size);
            linkSizes[i] = (int) size;
            total += 1 + varintSize(size) + size;
            checkSize(total);
        }
        byte[] data = node.data();
        if (data != null) {
            total += 1 + varintSize(data.length) + data.length;
            checkSize(total);
        }
        byte[] out = new byte[(int) total];
        int p = 0;
        for (int i = 0; i < links.size(); i++) {
            PbLink link = links.get(i);
            out[p++] = KEY_LINKS;
            p = writeVarint(linkSizes[i], out, p);
            p = writeBytesField(KEY_HASH, hashes[i], out, p);
            if (names[i] != null) {
                p = writeBytesField(KEY_NAME, names[i], out, p);
            }
            if (link.tsize() != null) {
                out[p++] = KEY_TSIZE;
                p = writeVarint(link.tsize(), out, p);
            }
        }
        if (data != null) {
            p = writeBytesField(KEY_DATA, data, out, p);
        }
        assert p == out.length;
        return out;
    }

    /**
     * Decodes one block strictly.
     *
     * @throws DagPbException for anything the dag-pb spec rejects, non-minimal varints, invalid UTF-8 in a Name,
     *                        a Hash that is not exactly one CID, or a block above {@link #MAX_BLOCK_SIZE}
     */
    public static PbNode decode(byte[] block) {
        return decode(block, true);
    }

    /**
     * The links of one block, checked exactly as strictly as {@link #decode} checks them, without copying the Data
     * field: a DAG walk reads only links, and a leaf's Data is nearly the whole block.
     *
     * @throws DagPbException for every block {@link #decode} rejects
     */
    public static List<PbLink> links(byte[] block) {
        return decode(block, false).links();
    }

    private static PbNode decode(byte[] block, boolean keepData) {
        if (block.length > MAX_BLOCK_SIZE) {
            throw new DagPbException("block of " + block.length + " bytes exceeds the dag-pb cap of " + MAX_BLOCK_SIZE);
        }
        Reader r = new Reader(block, 0, block.length);
        List<PbLink> links = new ArrayList<>();
        byte[] data = null;
        boolean seenData = false;
        boolean dataAfterLinks = false;
        while (r.hasMore()) {
            int keyAt = r.pos;
            long key = r.varint("PBNode field key");
            long field = key >>> 3;
            int wire = (int) (key & 7);
            if (field != 1 && field != 2) {
                throw new DagPbException("PBNode: unknown field " + field + " at offset " + keyAt);
            }
            if (wire != WIRE_LEN) {
                throw new DagPbException("PBNode: field " + field + " has wire type " + wire + ", expected 2, at offset "
                        + keyAt);
            }
            int len = r.length("PBNode field " + field);
            if (field == 1) {
                if (seenData) {
                    throw new DagPbException("PBNode: duplicate Data at offset " + keyAt);
                }
                seenData = true;
                if (keepData) {
                    data = Arrays.copyOfRange(block, r.pos, r.pos + len);
                }
                dataAfterLinks = !links.isEmpty();
            } else {
                if (dataAfterLinks) {
                    // Links, Data, Links: neither canonical order nor the legacy Data-first order
                    throw new DagPbException("PBNode: Links after Data that followed Links, at offset " + keyAt);
                }
                links.add(decodeLink(block, r.pos, len, links.size()));
            }
            r.pos += len;
        }
        return new PbNode(links, data);
    }

    private static PbLink decodeLink(byte[] block, int off, int len, int index) {
        Reader r = new Reader(block, off, off + len);
        byte[] hash = null;
        String name = null;
        Long tsize = null;
        String where = "PBLink #" + index;
        while (r.hasMore()) {
            int keyAt = r.pos;
            long key = r.varint(where + " field key");
            long field = key >>> 3;
            int wire = (int) (key & 7);
            if (field == 1) {
                if (hash != null) {
                    throw new DagPbException(where + ": duplicate Hash at offset " + keyAt);
                }
                if (name != null || tsize != null) {
                    throw new DagPbException(where + ": Hash after Name or Tsize at offset " + keyAt);
                }
                requireWire(wire, WIRE_LEN, where, field, keyAt);
                int n = r.length(where + " Hash");
                hash = Arrays.copyOfRange(block, r.pos, r.pos + n);
                r.pos += n;
            } else if (field == 2) {
                if (name != null) {
                    throw new DagPbException(where + ": duplicate Name at offset " + keyAt);
                }
                if (tsize != null) {
                    throw new DagPbException(where + ": Name after Tsize at offset " + keyAt);
                }
                requireWire(wire, WIRE_LEN, where, field, keyAt);
                int n = r.length(where + " Name");
                name = utf8(block, r.pos, n, where);
                r.pos += n;
            } else if (field == 3) {
                if (tsize != null) {
                    throw new DagPbException(where + ": duplicate Tsize at offset " + keyAt);
                }
                requireWire(wire, WIRE_VARINT, where, field, keyAt);
                tsize = r.varint(where + " Tsize");
            } else {
                throw new DagPbException(where + ": unknown field " + field + " at offset " + keyAt);
            }
        }
        if (hash == null) {
            throw new DagPbException(where + ": missing Hash");
        }
        Cid cid;
        try {
            cid = Cid.decode(hash);
        } catch (MultiformatException e) {
            throw new DagPbException(where + ": Hash is not a CID: " + e.getMessage(), e);
        }
        return new PbLink(cid, name, tsize);
    }

    private static void requireWire(int wire, int expected, String where, long field, int at) {
        if (wire != expected) {
            throw new DagPbException(where + ": field " + field + " has wire type " + wire + ", expected " + expected
                    + ", at offset " + at);
        }
    }

    private static String utf8(byte[] b, int off, int len, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DagPbException(where + ": Name is not valid UTF-8", e);
        }
    }

    private static void checkSize(long size) {
        if (size > MAX_BLOCK_SIZE) {
            throw new DagPbException("node encodes to more than " + MAX_BLOCK_SIZE + " bytes");
        }
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static int writeVarint(long v, byte[] out, int p) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    private static int writeBytesField(int key, byte[] value, byte[] out, int p) {
        out[p++] = (byte) key;
        p = writeVarint(value.length, out, p);
        System.arraycopy(value, 0, out, p, value.length);
        return p + value.length;
    }

    /** Cursor over {@code b[pos..end)}; every length is checked against what remains before it is used. */
    private static final class Reader {
        private final byte[] b;
        private final int end;
        private int pos;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        /** A protobuf varint, minimal, at most 63 bits (9 bytes). */
        long varint(String what) {
            int start = pos;
            long v = 0;
            for (int i = 0; i < 9; i++) {
                if (pos >= end) {
                    throw new DagPbException("truncated varint (" + what + ") at offset " + start);
                }
                int x = b[pos++] & 0xFF;
                v |= (long) (x & 0x7F) << (7 * i);
                if ((x & 0x80) == 0) {
                    if (x == 0 && i > 0) {
                        throw new DagPbException("non-minimal varint (" + what + ") at offset " + start);
                    }
                    return v;
                }
            }
            throw new DagPbException("varint too large (" + what + ") at offset " + start);
        }

        int length(String what) {
            int at = pos;
            long n = varint(what + " length");
            if (n > end - pos) {
                throw new DagPbException(what + ": length " + n + " at offset " + at + " exceeds the " + (end - pos)
                        + " bytes left");
            }
            return (int) n;
        }
    }
}
