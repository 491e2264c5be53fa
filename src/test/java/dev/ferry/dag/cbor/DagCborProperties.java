package dev.ferry.dag.cbor;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.ferry.multiformats.Multicodec;
import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class DagCborProperties {

    @Provide
    Arbitrary<CborValue> values() {
        // depth-bounded: each level wraps the previous one in an array or a map of at most 4 entries
        return Arbitraries.integers().between(0, 3).flatMap(depth -> Arbitraries.recursive(this::leaf,
                inner -> Arbitraries.oneOf(inner, inner.list().ofMaxSize(4).map(CborArray::new),
                        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), inner).ofMaxSize(4)
                                .map(CborMap::new)), depth));
    }

    private Arbitrary<CborValue> leaf() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(12);
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(CborInteger.MIN, CborInteger.MAX).map(CborInteger::new),
                Arbitraries.longs().map(CborInteger::of),
                Arbitraries.doubles().filter(Double::isFinite).map(CborFloat::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(CborBytes::new),
                text.map(CborText::new),
                Arbitraries.of(new CborBool(true), new CborBool(false), new CborNull()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8)
                        .map(b -> new CborLink(Cid.of(1, Multicodec.RAW.code(), b))));
    }

    @Property(tries = 500)
    void roundTrip(@ForAll("values") CborValue value) {
        byte[] bytes = DagCbor.encode(value);
        assertThat(DagCbor.decode(bytes)).isEqualTo(value);
        assertThat(DagCbor.encode(DagCbor.decode(bytes))).isEqualTo(bytes);
    }

    @Property(tries = 3000)
    void arbitraryBytesThrowOnlyDagCborException(@ForAll @Size(max = 64) byte[] bytes) {
        decodeOrDagCborException(bytes);
    }

    @Property(tries = 2000)
    void mutatedValuesThrowOnlyDagCborException(@ForAll("values") CborValue value, @ForAll int position,
            @ForAll byte replacement, @ForAll boolean truncate) {
        byte[] bytes = DagCbor.encode(value);
        int at = Math.floorMod(position, bytes.length);
        if (truncate) {
            bytes = Arrays.copyOf(bytes, at);
        } else {
            bytes[at] = replacement;
        }
        decodeOrDagCborException(bytes);
    }

    @Property(tries = 500)
    void lyingLengthsDoNotAllocate(@ForAll BigInteger declared) {
        // byte string, text, array and map heads claiming up to 2^64-1 entries over a few bytes of input
        long n = declared.abs().longValue() | 0x100000000L;
        for (int major : new int[] {2, 3, 4, 5}) {
            byte[] bytes = new byte[12];
            bytes[0] = (byte) ((major << 5) | 27);
            for (int i = 0; i < 8; i++) {
                bytes[1 + i] = (byte) (n >>> (56 - 8 * i));
            }
            decodeOrDagCborException(bytes);
        }
    }

    private static void decodeOrDagCborException(byte[] bytes) {
        try {
            CborValue v = DagCbor.decode(bytes);
            // whatever is accepted is canonical: it encodes back to the same bytes
            assertThat(DagCbor.encode(v)).isEqualTo(bytes);
        } catch (DagCborException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
