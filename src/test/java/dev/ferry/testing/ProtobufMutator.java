package dev.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a valid protobuf message, for hostile-input tests: bytes flipped, inserted or deleted, and, on
 * the message's top-level fields, varints set to extreme values, lengths that lie, wrong wire types, fields repeated
 * many times and unknown fields. Input that does not parse as protobuf only gets the byte-level mutations.
 */
public final class ProtobufMutator {
    /** Extreme varint values: zero, 2^31 - 1, 2^31, 2^32, 2^63 - 1 and, as ten bytes, 2^64 - 1. */
    static final long[] EXTREMES = {0, Integer.MAX_VALUE, 1L << 31, 1L << 32, Long.MAX_VALUE, -1};

    /** One top-level field: where it starts, its tag's end, where its value starts and ends, its number and type. */
    record Field(int start, int valueStart, int end, long number, int wireType) {}

    private final Random random;
    private final int maxBytes;

    /** Mutants never exceed {@code maxBytes} (fields are repeated up to that size). */
    public ProtobufMutator(Random random, int maxBytes) {
        this.random = random;
        this.maxBytes = maxBytes;
    }

    /** {@code count} mutants of {@code valid}, each one mutation (or a few byte-level ones) away from it. */
    public List<byte[]> mutants(byte[] valid, int count) {
        List<Field> fields = parse(valid);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(fields.isEmpty() ? 3 : 9);
            out.add(switch (kind) {
                case 0 -> flip(valid);
                case 1 -> insert(valid);
                case 2 -> delete(valid);
                case 3 -> extremeVarint(valid, fields);
                case 4 -> lyingLength(valid, fields);
                case 5 -> wrongWireType(valid, fields);
                case 6 -> repeated(valid, fields);
                case 7 -> unknownField(valid);
                default -> flip(flip(valid));
            });
        }
        return out;
    }

    /** The top-level fields of {@code b}, or none when it does not parse. */
    static List<Field> parse(byte[] b) {
        List<Field> fields = new ArrayList<>();
        int[] at = {0};
        try {
            while (at[0] < b.length) {
                int start = at[0];
                long tag = readVarint(b, at);
                int type = (int) (tag & 7);
                int valueStart = at[0];
                switch (type) {
                    case 0 -> readVarint(b, at);
                    case 1 -> at[0] += 8;
                    case 2 -> {
                        long len = readVarint(b, at);
                        if (len < 0 || len > b.length - at[0]) {
                            return List.of();
                        }
                        at[0] += (int) len;
                    }
                    case 5 -> at[0] += 4;
                    default -> {
                        return List.of();
                    }
                }
                if (at[0] > b.length || tag >>> 3 == 0) {
                    return List.of();
                }
                fields.add(new Field(start, valueStart, at[0], tag >>> 3, type));
            }
        } catch (IndexOutOfBoundsException e) {
            return List.of();
        }
        return fields;
    }

    private static long readVarint(byte[] b, int[] at) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = b[at[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
        }
        throw new IndexOutOfBoundsException("varint too long");
    }

    /** The unsigned varint of {@code v} (ten bytes for a negative {@code v}). */
    public static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private byte[] flip(byte[] b) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] m = b.clone();
        m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
        return m;
    }

    private byte[] insert(byte[] b) {
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        int at = random.nextInt(b.length + 1);
        return concat(Arrays.copyOfRange(b, 0, at), extra, Arrays.copyOfRange(b, at, b.length));
    }

    private byte[] delete(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        int at = random.nextInt(b.length);
        int n = 1 + random.nextInt(Math.min(16, b.length - at));
        return concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, at + n, b.length));
    }

    private Field pick(List<Field> fields, int wireType) {
        List<Field> of = fields.stream().filter(f -> f.wireType() == wireType).toList();
        return of.isEmpty() ? fields.get(random.nextInt(fields.size())) : of.get(random.nextInt(of.size()));
    }

    /** A varint field set to an extreme value (or one added when the message has none). */
    private byte[] extremeVarint(byte[] b, List<Field> fields) {
        long value = EXTREMES[random.nextInt(EXTREMES.length)];
        Field f = pick(fields, 0);
        long number = f.wireType() == 0 ? f.number() : 1 + random.nextInt(15);
        byte[] field = concat(varint(number << 3), varint(value));
        return f.wireType() == 0 ? splice(b, f, field) : concat(b, field);
    }

    /** A length-delimited field whose length says more (or much more) than follows. */
    private byte[] lyingLength(byte[] b, List<Field> fields) {
        Field f = pick(fields, 2);
        if (f.wireType() != 2) {
            return concat(b, varint((f.number() << 3) | 2), varint(1L << 31));
        }
        long len = switch (random.nextInt(3)) {
            case 0 -> f.end() - f.valueStart() + 1L;
            case 1 -> 1L << 31;
            default -> Long.MAX_VALUE;
        };
        int at = f.valueStart();
        int[] pos = {at};
        readVarint(b, pos); // skip the true length
        return concat(Arrays.copyOfRange(b, 0, at), varint(len), Arrays.copyOfRange(b, pos[0], b.length));
    }

    /** A field's tag with another wire type, its value unchanged. */
    private byte[] wrongWireType(byte[] b, List<Field> fields) {
        Field f = fields.get(random.nextInt(fields.size()));
        int[] types = {0, 1, 2, 5, 3, 7};
        int t = types[random.nextInt(types.length)];
        if (t == f.wireType()) {
            t = (t + 1) & 7;
        }
        return concat(Arrays.copyOfRange(b, 0, f.start()), varint((f.number() << 3) | t),
                Arrays.copyOfRange(b, f.valueStart(), b.length));
    }

    /** One field repeated until the message nears the size limit. */
    private byte[] repeated(byte[] b, List<Field> fields) {
        Field f = fields.get(random.nextInt(fields.size()));
        byte[] one = Arrays.copyOfRange(b, f.start(), f.end());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b);
        while (out.size() + one.length <= maxBytes && one.length > 0) {
            out.writeBytes(one);
        }
        return out.toByteArray();
    }

    /** A field of the largest number with a value of random type and size. */
    private byte[] unknownField(byte[] b) {
        long number = (1L << 29) - 1;
        byte[] value = new byte[random.nextInt(64)];
        random.nextBytes(value);
        return concat(b, varint((number << 3) | 2), varint(value.length), value);
    }

    private static byte[] splice(byte[] b, Field f, byte[] replacement) {
        return concat(Arrays.copyOfRange(b, 0, f.start()), replacement, Arrays.copyOfRange(b, f.end(), b.length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
