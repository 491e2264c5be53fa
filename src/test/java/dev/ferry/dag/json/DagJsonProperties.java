package dev.ferry.dag.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborBool;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborFloat;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborNull;
import dev.ferry.dag.cbor.CborValue.CborText;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** dag-json on arbitrary input, and arbitrary values through a round trip. */
class DagJsonProperties {
    @Property(tries = 3000)
    void arbitraryBytesFailOnlyWithTheCodecsException(@ForAll @Size(max = 512) byte[] bytes) {
        try {
            DagJson.decode(bytes);
        } catch (DagJsonException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 3000)
    void arbitraryTextFailsOnlyWithTheCodecsException(@ForAll @StringLength(max = 200) String text) {
        try {
            DagJson.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (DagJsonException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void valuesRoundTrip(@ForAll("values") CborValue v) {
        byte[] once = DagJson.encode(v);
        CborValue back = DagJson.decode(once);
        assertThat(back).isEqualTo(v);
        assertThat(DagJson.encode(back)).isEqualTo(once);
    }

    @Property(tries = 3000)
    void floatsReadBackExactly(@ForAll double d) {
        if (Double.isFinite(d)) {
            CborValue back = DagJson.decode(DagJson.encode(new CborFloat(d)));
            assertThat(((CborFloat) back).value()).isEqualTo(d == 0 ? 0.0 : d);
        }
    }

    @Provide
    Arbitrary<CborValue> values() {
        Arbitrary<CborValue> leaf = Arbitraries.oneOf(
                Arbitraries.just(new CborNull()),
                Arbitraries.of(true, false).map(CborBool::new),
                Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(64).negate(),
                        BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)).map(CborInteger::new),
                Arbitraries.doubles().filter(Double::isFinite).filter(d -> d != 0).map(CborFloat::new),
                Arbitraries.strings().ofMaxLength(20).filter(DagJsonProperties::wellFormed).map(CborText::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(CborBytes::new));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(CborArray::new),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(6).filter(DagJsonProperties::wellFormed)
                        .filter(k -> !k.equals("/")), inner).ofMaxSize(4).map(CborMap::new)), 3);
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
