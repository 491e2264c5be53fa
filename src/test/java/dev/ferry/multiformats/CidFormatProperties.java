package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the format string and the CID text, only the declared exceptions come out. */
class CidFormatProperties {
    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("%bBvVcChHLmMdDsSPq%x").ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> cidTexts() {
        Arbitrary<String> real = Arbitraries.oneOf(Generators.cids().map(Cid::toString),
                Arbitraries.of(Multibase.values()).filter(b -> b != Multibase.IDENTITY) // a CID's bytes are no text
                        .flatMap(b -> Generators.cids().map(c -> c.toV1().toString(b))));
        Arbitrary<String> mangled = real.flatMap(s -> Arbitraries.integers().between(0, s.length()).flatMap(
                i -> Arbitraries.chars().map(ch -> s.substring(0, i) + ch + s.substring(Math.min(s.length(), i + 1)))));
        return Arbitraries.oneOf(real, mangled, Arbitraries.strings().ofMaxLength(60));
    }

    @Property
    void formatOnlyRaisesTheDeclaredExceptions(@ForAll("formats") String fmt, @ForAll("cids") Cid cid,
            @ForAll Multibase base) {
        try {
            String out = CidFormat.format(fmt, base, cid);
            assertThat(out).isNotNull();
        } catch (CidFormatStringException | MultiformatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property
    void conversionOnlyRaisesTheDeclaredExceptions(@ForAll("formats") String fmt, @ForAll("cidTexts") String text,
            @ForAll("versions") String version, @ForAll("bases") String base) {
        CidConversion conversion;
        try {
            conversion = CidConversion.of(fmt, version, null, base);
        } catch (MultiformatException rejected) {
            return;
        }
        try {
            assertThat(conversion.apply(text)).isNotNull();
        } catch (CidFormatStringException | MultiformatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        CidInspection i = CidInspection.of(text);
        assertThat(i.toJson()).containsKey("cidV1");
    }

    @Property
    void base32IsV1InBase32(@ForAll("cids") Cid cid) {
        String out = CidConversion.BASE32.apply(cid.toString());
        assertThat(out).startsWith("b").isEqualTo(cid.toV1().toString());
        assertThat(Cid.parse(out)).isEqualTo(cid.toV1());
    }

    @Provide
    Arbitrary<Cid> cids() {
        return Generators.cids();
    }

    @Provide
    Arbitrary<String> versions() {
        return Arbitraries.of("", "0", "1", "2");
    }

    @Provide
    Arbitrary<String> bases() {
        return Arbitraries.of("", "base58btc", "base32", "B", "base36", "base64url", "base16upper", "bogus");
    }
}
