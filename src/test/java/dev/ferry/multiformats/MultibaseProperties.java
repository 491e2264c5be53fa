package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class MultibaseProperties {
    private static final String ALL_ALPHABETS =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/-_=~ \u00e9\u0661";

    @Property
    void roundTripEveryBase(@ForAll Multibase base, @ForAll @Size(max = 80) byte[] data) {
        byte[] bytes = base.encodeToBytes(data);
        assertThat(bytes[0]).isEqualTo((byte) base.prefix());
        assertThat(Multibase.decode(bytes)).isEqualTo(data);
        if (base == Multibase.IDENTITY) {
            return; // as text only for UTF-8 (MultibaseTest)
        }
        String text = base.encode(data);
        assertThat(text.charAt(0)).isEqualTo(base.prefix());
        assertThat(Multibase.decode(text)).isEqualTo(data);
        assertThat(base.decodeBare(base.encodeBare(data))).isEqualTo(data);
    }

    @Property
    void leadingZerosSurvive(@ForAll Multibase base, @ForAll @Size(max = 5) byte[] zeros, @ForAll @Size(max = 20) byte[] data) {
        byte[] in = new byte[zeros.length + data.length];
        System.arraycopy(data, 0, in, zeros.length, data.length);
        assertThat(Multibase.decode(base.encodeToBytes(in))).isEqualTo(in);
    }

    @Property
    void base58RoundTrip(@ForAll @Size(max = 64) byte[] data) {
        assertThat(Base58.decode(Base58.encode(data))).isEqualTo(data);
    }

    /** Arbitrary text: only MultiformatException, and whatever decodes is the canonical encoding of its bytes. */
    @Property
    void arbitraryPrefixedText(@ForAll("multibaseLike") String text) {
        Optional<byte[]> out = Decoding.attempt(() -> Multibase.decode(text));
        out.ifPresent(bytes -> assertThat(Multibase.of(text.charAt(0)).encode(bytes)).isEqualTo(text));
    }

    @Property
    void arbitraryBareText(@ForAll Multibase base, @ForAll("textLike") String text) {
        Optional<byte[]> out = Decoding.attempt(() -> base.decodeBare(text));
        out.ifPresent(bytes -> assertThat(base.encodeBare(bytes)).isEqualTo(text));
    }

    @Property
    void arbitraryUnicode(@ForAll @Size(max = 40) String text) {
        Decoding.attempt(() -> Multibase.decode(text));
        Decoding.attempt(() -> Base58.decode(text));
    }

    @Property(tries = 20)
    void longBase58TextIsBounded(@ForAll("longBase58") String text) {
        Decoding.attempt(() -> Base58.decode(text));
        Decoding.attempt(() -> Multibase.BASE36.decodeBare(text.toLowerCase(java.util.Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> textLike() {
        return Arbitraries.strings().withChars(ALL_ALPHABETS.toCharArray()).ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> multibaseLike() {
        Arbitrary<Character> prefix = Arbitraries.of('z', 'b', 'B', 'k', 'f', 'F', 'm', 'u', 'M', 'U', 'Q', '1', 'K',
                '0', 'c', 'C', 'v', 'V', 't', 'T', 'Z', '\0');
        return net.jqwik.api.Combinators.combine(prefix, textLike()).as((p, t) -> p + t);
    }

    @Provide
    Arbitrary<String> longBase58() {
        return Arbitraries.strings().withChars(Base58.ALPHABET.toCharArray()).ofMinLength(4000).ofMaxLength(9000);
    }
}
