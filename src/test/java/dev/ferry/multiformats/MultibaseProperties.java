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
        byte[] prefix = base.prefix().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(java.util.Arrays.copyOf(bytes, prefix.length)).isEqualTo(prefix);
        assertThat(Multibase.decode(bytes)).isEqualTo(data);
        if (base == Multibase.IDENTITY) {
            return; // as text only for UTF-8 (MultibaseTest)
        }
        String text = base.encode(data);
        assertThat(text).startsWith(base.prefix());
        assertThat(Multibase.of(text)).isEqualTo(base);
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
        out.ifPresent(bytes -> assertThat(Multibase.of(text).encode(bytes)).isEqualTo(text));
    }

    @Property
    void arbitraryBareText(@ForAll Multibase base, @ForAll("textLike") String text) {
        Optional<byte[]> out = Decoding.attempt(() -> base.decodeBare(text));
        out.ifPresent(bytes -> assertThat(base.encodeBare(bytes)).isEqualTo(text));
    }

    /** Text of table emoji with intruders (other emoji, variation selectors, lone surrogate halves, ASCII). */
    @Property
    void arbitraryEmojiText(@ForAll("emojiLike") String text) {
        Optional<byte[]> bare = Decoding.attempt(() -> Multibase.BASE256_EMOJI.decodeBare(text));
        bare.ifPresent(bytes -> assertThat(Multibase.BASE256_EMOJI.encodeBare(bytes)).isEqualTo(text));
        Optional<byte[]> prefixed = Decoding.attempt(() -> Multibase.decode(text));
        prefixed.ifPresent(bytes -> assertThat(Multibase.of(text).encode(bytes)).isEqualTo(text));
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
        Arbitrary<String> prefix = Arbitraries.of("z", "b", "B", "k", "f", "F", "m", "u", "M", "U", "Q", "1", "K",
                "0", "c", "C", "v", "V", "t", "T", "Z", "\0", "\uD83D\uDE80", "\uD83D", "\uDE80");
        return net.jqwik.api.Combinators.combine(prefix, Arbitraries.oneOf(textLike(), emojiLike()))
                .as((p, t) -> p + t);
    }

    @Provide
    Arbitrary<String> emojiLike() {
        Arbitrary<String> inTable = Arbitraries.integers().between(0, 255)
                .map(i -> Character.toString(Base256Emoji.ALPHABET[i]));
        Arbitrary<String> intruder = Arbitraries.of("\uD83D", "\uDE80", "\uFE0F", "\uD83D\uDE81", "a", "\0",
                "\uDBFF\uDFFF", "\u2605");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, inTable), net.jqwik.api.Tuple.of(1, intruder))
                .list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> longBase58() {
        return Arbitraries.strings().withChars(Base58.ALPHABET.toCharArray()).ofMinLength(4000).ofMaxLength(9000);
    }
}
