package dev.ferry.dag.cbor;

import dev.ferry.multiformats.Cid;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One value of the IPLD data model as dag-cbor carries it. */
public sealed interface CborValue {

    /** A map with text keys; iteration order is the canonical key order (length first, then bytes). */
    record CborMap(Map<String, CborValue> entries) implements CborValue {
        public CborMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(entries, "entries")));
        }

        public Optional<CborValue> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    record CborArray(List<CborValue> items) implements CborValue {
        public CborArray {
            items = List.copyOf(items);
        }
    }

    /** A byte string (not copied: callers must not mutate it). */
    record CborBytes(byte[] bytes) implements CborValue {
        public CborBytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CborBytes other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "CborBytes[" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    record CborText(String text) implements CborValue {
        public CborText {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An integer in dag-cbor's range -2^64 .. 2^64-1. */
    record CborInteger(BigInteger value) implements CborValue {
        static final BigInteger MIN = BigInteger.ONE.shiftLeft(64).negate();
        static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        public CborInteger {
            if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("integer outside -2^64..2^64-1: " + value);
            }
        }

        public static CborInteger of(long value) {
            return new CborInteger(BigInteger.valueOf(value));
        }

        /** The value as a long, or an {@link ArithmeticException} if it does not fit. */
        public long longValueExact() {
            return value.longValueExact();
        }
    }

    /** A 64-bit float; NaN and infinities are not representable in dag-cbor. */
    record CborFloat(double value) implements CborValue {
        public CborFloat {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("dag-cbor floats must be finite: " + value);
            }
        }
    }

    record CborBool(boolean value) implements CborValue {
    }

    record CborNull() implements CborValue {
    }

    /** A link: tag 42 over a byte string holding 0x00 then the binary CID. */
    record CborLink(Cid cid) implements CborValue {
        public CborLink {
            Objects.requireNonNull(cid, "cid");
        }
    }
}
