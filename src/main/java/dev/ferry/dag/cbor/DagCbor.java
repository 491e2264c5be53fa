package dev.ferry.dag.cbor;

import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborBool;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborFloat;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborNull;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict dag-cbor reader and canonical writer (see {@code package-info.java}). Stateless and thread-safe.
 */
public final class DagCbor {
    /** Deepest nesting of arrays, maps and tags accepted. */
    public static final int MAX_DEPTH = 256;
    /** CBOR tag for IPLD links. */
    public static final int TAG_CID = 42;

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final Comparator<byte[]> KEY_ORDER = (a, b) -> a.length != b.length
            ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);

    private DagCbor() {
    }

    /**
     * Decodes exactly one value occupying all of {@code bytes}.
     *
     * @throws DagCborException on anything that is not strict dag-cbor, on trailing bytes, or past the caps
     */
    public static CborValue decode(byte[] bytes) {
        Decoder d = new Decoder(bytes);
        CborValue v = d.value(0);
        if (d.pos != bytes.length) {
            throw new DagCborException((bytes.length - d.pos) + " trailing bytes after the dag-cbor value at offset "
                    + d.pos);
        }
        return v;
    }

    /** The links of a dag-cbor block, in the order they appear (depth first), duplicates kept. */
    public static List<Cid> links(byte[] block) {
        List<Cid> out = new ArrayList<>();
        Deque<CborValue> stack = new ArrayDeque<>();
        stack.push(decode(block));
        while (!stack.isEmpty()) {
            switch (stack.pop()) {
                case CborLink link -> out.add(link.cid());
                case CborArray array -> pushReversed(stack, array.items());
                case CborMap map -> pushReversed(stack, new ArrayList<>(map.entries().values()));
                default -> {
                }
            }
        }
        return out;
    }

    private static void pushReversed(Deque<CborValue> stack, List<CborValue> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            stack.push(items.get(i));
        }
    }

    /** Encodes canonically: shortest heads, map keys sorted length first then bytewise, 64-bit floats. */
    public static byte[] encode(CborValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out, 0);
        return out.toByteArray();
    }

    private static void write(CborValue value, ByteArrayOutputStream out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new DagCborException("nesting deeper than " + MAX_DEPTH);
        }
        switch (value) {
            case CborInteger i -> {
                if (i.value().signum() >= 0) {
                    head(0, i.value().longValue(), out);
                } else {
                    head(1, i.value().negate().subtract(BigInteger.ONE).longValue(), out);
                }
            }
            case CborBytes b -> {
                head(2, b.bytes().length, out);
                out.writeBytes(b.bytes());
            }
            case CborText t -> {
                byte[] utf8 = utf8Strict(t.text());
                head(3, utf8.length, out);
                out.writeBytes(utf8);
            }
            case CborArray a -> {
                head(4, a.items().size(), out);
                for (CborValue item : a.items()) {
                    write(item, out, depth + 1);
                }
            }
            case CborMap m -> {
                List<Map.Entry<byte[], CborValue>> entries = new ArrayList<>();
                for (Map.Entry<String, CborValue> e : m.entries().entrySet()) {
                    entries.add(Map.entry(utf8Strict(e.getKey()), e.getValue()));
                }
                entries.sort(Map.Entry.comparingByKey(KEY_ORDER));
                head(5, entries.size(), out);
                for (Map.Entry<byte[], CborValue> e : entries) {
                    head(3, e.getKey().length, out);
                    out.writeBytes(e.getKey());
                    write(e.getValue(), out, depth + 1);
                }
            }
            case CborLink l -> {
                byte[] cid = l.cid().bytes();
                head(6, TAG_CID, out);
                head(2, cid.length + 1L, out);
                out.write(0);
                out.writeBytes(cid);
            }
            case CborFloat f -> {
                out.write(0xfb);
                long bits = Double.doubleToRawLongBits(f.value());
                for (int s = 56; s >= 0; s -= 8) {
                    out.write((int) (bits >>> s));
                }
            }
            case CborBool b -> out.write(b.value() ? 0xf5 : 0xf4);
            case CborNull n -> out.write(0xf6);
        }
    }

    /** Writes a head with the shortest argument form; {@code arg} is unsigned. */
    private static void head(int major, long arg, ByteArrayOutputStream out) {
        int m = major << 5;
        if (Long.compareUnsigned(arg, 24) < 0) {
            out.write(m | (int) arg);
        } else if (Long.compareUnsigned(arg, 0x100) < 0) {
            out.write(m | 24);
            out.write((int) arg);
        } else if (Long.compareUnsigned(arg, 0x10000) < 0) {
            out.write(m | 25);
            out.write((int) (arg >>> 8));
            out.write((int) arg);
        } else if (Long.compareUnsigned(arg, 0x100000000L) < 0) {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (arg >>> s));
            }
        } else {
            out.write(m | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (arg >>> s));
            }
        }
    }

    private static byte[] utf8Strict(String s) {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(s));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new DagCborException("string is not valid Unicode (lone surrogate)", e);
        }
    }

    private static final class Decoder {
        private final byte[] b;
        private int pos;
        private int major;
        private int info;

        Decoder(byte[] b) {
            this.b = b;
        }

        CborValue value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new DagCborException("nesting deeper than " + MAX_DEPTH + " at offset " + pos);
            }
            int at = pos;
            long arg = head();
            return switch (major) {
                case 0 -> new CborInteger(unsigned(arg));
                case 1 -> new CborInteger(unsigned(arg).add(BigInteger.ONE).negate());
                case 2 -> new CborBytes(take(arg, at));
                case 3 -> new CborText(text(arg, at));
                case 4 -> {
                    int n = count(arg, 1, at);
                    List<CborValue> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(value(depth + 1));
                    }
                    yield new CborArray(items);
                }
                case 5 -> map(arg, at, depth);
                case 6 -> link(arg, at, depth);
                default -> simple(arg, at);
            };
        }

        private CborValue map(long arg, int at, int depth) {
            int n = count(arg, 2, at);
            Map<String, CborValue> entries = LinkedHashMap.newLinkedHashMap(n);
            byte[] previous = null;
            for (int i = 0; i < n; i++) {
                int keyAt = pos;
                long len = head();
                if (major != 3) {
                    throw new DagCborException("map key at offset " + keyAt + " is major type " + major
                            + ", dag-cbor keys must be text strings");
                }
                byte[] key = take(len, keyAt);
                if (previous != null) {
                    int c = KEY_ORDER.compare(previous, key);
                    if (c == 0) {
                        throw new DagCborException("duplicate map key at offset " + keyAt);
                    }
                    if (c > 0) {
                        throw new DagCborException("map keys not in canonical order (length first, then bytes) at offset "
                                + keyAt);
                    }
                }
                previous = key;
                entries.put(utf8(key, keyAt), value(depth + 1));
            }
            return new CborMap(entries);
        }

        private CborValue link(long tag, int at, int depth) {
            if (tag != TAG_CID) {
                throw new DagCborException("tag " + Long.toUnsignedString(tag) + " at offset " + at
                        + ": dag-cbor allows only tag 42");
            }
            int contentAt = pos;
            long len = head();
            if (major != 2) {
                throw new DagCborException("tag 42 at offset " + at + " does not wrap a byte string");
            }
            byte[] content = take(len, contentAt);
            if (content.length == 0 || content[0] != 0) {
                throw new DagCborException("tag 42 at offset " + at + ": CID bytes must start with 0x00");
            }
            try {
                return new CborLink(Cid.decode(Arrays.copyOfRange(content, 1, content.length)));
            } catch (MultiformatException e) {
                throw new DagCborException("tag 42 at offset " + at + " holds an invalid CID: " + e.getMessage(), e);
            }
        }

        private CborValue simple(long arg, int at) {
            return switch (info) {
                case 20 -> new CborBool(false);
                case 21 -> new CborBool(true);
                case 22 -> new CborNull();
                case 27 -> {
                    double d = Double.longBitsToDouble(arg);
                    if (!Double.isFinite(d)) {
                        throw new DagCborException("NaN or infinity at offset " + at + " is not allowed in dag-cbor");
                    }
                    yield new CborFloat(d);
                }
                case 25, 26 -> throw new DagCborException("float at offset " + at
                        + " is not 64-bit: dag-cbor encodes every float in 64 bits");
                default -> throw new DagCborException("simple value " + info + " at offset " + at
                        + " is not allowed in dag-cbor");
            };
        }

        /** Reads an item head; sets {@link #major} and {@link #info}; returns the argument (unsigned). */
        private long head() {
            int at = pos;
            if (pos >= b.length) {
                throw new DagCborException("truncated dag-cbor: expected an item at offset " + at);
            }
            int initial = b[pos++] & 0xFF;
            major = initial >>> 5;
            info = initial & 0x1F;
            if (info < 24) {
                return info;
            }
            if (info > 27) {
                throw new DagCborException(info == 31
                        ? "indefinite-length item at offset " + at + " is not allowed in dag-cbor"
                        : "reserved additional information " + info + " at offset " + at);
            }
            int size = 1 << (info - 24);
            if (b.length - pos < size) {
                throw new DagCborException("truncated dag-cbor: head at offset " + at + " needs " + size + " more bytes");
            }
            long arg = 0;
            for (int i = 0; i < size; i++) {
                arg = (arg << 8) | (b[pos++] & 0xFF);
            }
            boolean minimal = switch (info) {
                case 24 -> arg >= 24;
                case 25 -> arg >= 0x100;
                case 26 -> arg >= 0x10000;
                default -> Long.compareUnsigned(arg, 0x100000000L) >= 0;
            };
            if (!minimal && major != 7) {
                throw new DagCborException("non-minimal head at offset " + at);
            }
            return arg;
        }

        /** An item count, checked against the bytes left (each item takes at least {@code minBytes}). */
        private int count(long n, int minBytes, int at) {
            long left = b.length - pos;
            if (Long.compareUnsigned(n, left / minBytes) > 0) {
                throw new DagCborException("truncated dag-cbor: " + Long.toUnsignedString(n) + " items at offset " + at
                        + " cannot fit in the " + left + " bytes left");
            }
            return (int) n;
        }

        private byte[] take(long len, int at) {
            if (Long.compareUnsigned(len, b.length - pos) > 0) {
                throw new DagCborException("truncated dag-cbor: string of " + Long.toUnsignedString(len)
                        + " bytes at offset " + at + " but only " + (b.length - pos) + " left");
            }
            byte[] out = Arrays.copyOfRange(b, pos, pos + (int) len);
            pos += (int) len;
            return out;
        }

        private String text(long len, int at) {
            return utf8(take(len, at), at);
        }

        private static String utf8(byte[] bytes, int at) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new DagCborException("text string at offset " + at + " is not valid UTF-8", e);
            }
        }

        private static BigInteger unsigned(long v) {
            return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO_64);
        }
    }
}
