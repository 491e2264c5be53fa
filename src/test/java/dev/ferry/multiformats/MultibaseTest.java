package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultibaseTest {
    /** The CSVs' rows of the bases ferry knows: all but identity and base256emoji, which they have none of. */
    private static final Map<String, Multibase> CSV_NAMES = java.util.Arrays.stream(Multibase.values())
            .filter(b -> b != Multibase.IDENTITY && b != Multibase.BASE256_EMOJI)
            .collect(java.util.stream.Collectors.toMap(Multibase::baseName, b -> b));

    /** multiformats/multibase tests/*.csv: every base we support must match its row. */
    @ParameterizedTest
    @ValueSource(strings = {"multibase-test1.csv", "multibase-leading_zero.csv"})
    void multibaseTestCsv(String file) throws IOException {
        List<String> lines = readLines("/vectors/multiformats/" + file);
        byte[] input = unescape(quoted(lines.get(0)));
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String name = line.substring(0, line.indexOf(','));
            String text = quoted(line);
            Multibase base = CSV_NAMES.get(name);
            if (base == null) {
                assertThatThrownBy(() -> Multibase.decode(text)).isInstanceOf(MultiformatException.class);
                continue;
            }
            assertThat(base.encode(input)).as(name).isEqualTo(text);
            assertThat(Multibase.decode(text)).as(name).isEqualTo(input);
            assertThat(Multibase.of(text)).isEqualTo(base);
            assertThat(base.decodeBare(text.substring(1))).isEqualTo(input);
            checked++;
        }
        assertThat(checked).isEqualTo(CSV_NAMES.size());
    }

    /** Known answers read off the spec's table (rfcs/Base256Emoji.md) by hand; all 256 are checked in interop. */
    @Test
    void base256EmojiIsOneTableEmojiPerByte() {
        Multibase b = Multibase.BASE256_EMOJI;
        assertThat(b.code()).isEqualTo(0x1F680);
        assertThat(b.prefix()).isEqualTo("\uD83D\uDE80").hasSize(2); // a surrogate pair, not one char
        assertThat(b.encode(new byte[0])).isEqualTo("🚀");
        assertThat(b.encode(new byte[] {0, 1, 2, 3, 23, 112, (byte) 255})).isEqualTo("🚀🚀🪐☄🛰❤⭐🥂");
        assertThat(b.encodeBare("hi".getBytes(StandardCharsets.UTF_8))).isEqualTo("😴🌟"); // 0x68 0x69: bytes 104 and 105
        assertThat(Multibase.decode("🚀🚀🪐☄🛰❤⭐🥂")).containsExactly(0, 1, 2, 3, 23, 112, 255);
        assertThat(Multibase.decode("🚀")).isEmpty();
        assertThat(b.encodeToBytes(new byte[] {2})).isEqualTo("🚀☄".getBytes(StandardCharsets.UTF_8));
        assertThat(Multibase.decode("🚀☄".getBytes(StandardCharsets.UTF_8))).containsExactly(2);
        assertThat(Base256Emoji.ALPHABET).hasSize(256).doesNotHaveDuplicates();
    }

    @Test
    void base256EmojiIsFoundByItsWholePrefix() {
        assertThat(Multibase.of("🚀🪐")).isEqualTo(Multibase.BASE256_EMOJI);
        assertThat(Multibase.of(0x1F680)).isEqualTo(Multibase.BASE256_EMOJI);
        assertThat(Multibase.byName("base256emoji")).isEqualTo(Multibase.BASE256_EMOJI);
        assertThat(Multibase.byName("🚀")).isEqualTo(Multibase.BASE256_EMOJI);
        // half a prefix is no prefix: the high surrogate alone is not mistaken for the rocket
        assertThatThrownBy(() -> Multibase.byName("\uD83D")).isInstanceOf(MultiformatException.class);
        assertThatThrownBy(() -> Multibase.of("\uD83D")).isInstanceOf(MultiformatException.class)
                .hasMessage("unsupported multibase prefix '\\ud83d'");
        assertThatThrownBy(() -> Multibase.decode("🚁abc")).isInstanceOf(MultiformatException.class)
                .hasMessage("unsupported multibase prefix '\\U0001f681'");
        assertThatThrownBy(() -> Multibase.decode("🚀🪐x")).isInstanceOf(MultiformatException.class)
                .hasMessage("invalid base256emoji character U+0078 at 1");
        assertThatThrownBy(() -> Multibase.decode("🚀\uD83D")).isInstanceOf(MultiformatException.class)
                .hasMessage("invalid base256emoji character U+D83D at 0");
    }

    @Test
    void base58LeadingZerosAndEmpty() {
        assertThat(Base58.encode(new byte[0])).isEmpty();
        assertThat(Base58.decode("")).isEmpty();
        assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
        assertThat(Base58.decode("112")).containsExactly(0, 0, 1);
        assertThat(Base58.encode(new byte[] {0})).isEqualTo("1");
        // multihash README: sha2-256("multihash")
        byte[] mh = HexFormat.of().parseHex("12209cbc07c3f991725836a3aa2a581ca2029198aa420b9d99bc0e131d9f3e2cbe47");
        assertThat(Base58.encode(mh)).isEqualTo("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk");
        assertThat(Base58.decode("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk")).isEqualTo(mh);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "z0", "zO", "zI", "zl", "z+", "bA", "b=", "babc=", "ba", "babc", "babcdef", "bab", "BAb", "kA",
        "f0", "fAB", "fzz", "Fab", "m====", "mQQ==", "mQR", "MQQ", "uQQ==", "u+/", "m-_", "Qm", "", "x", "1abc",
        "\u00e9abc", "z\u00e9", "01", "0012345678", "00000000 ", "cab", "caa=====", "caa=======", "cnbswy3dp========",
        "c========", "CAa======", "caa======a", "t00=====", "v0w", "VAB", "K0a", "Zl", "ZO",
        // base256emoji: a code point outside the table, a lone surrogate, an emoji with a variation selector
        "\uD83D\uDE80a", "\uD83D\uDE80\uD83D\uDE81", "\uD83D\uDE80\uD83D", "\uD83D\uDE80\uDE80",
        "\uD83D\uDE80\u2604\uFE0F", "\uD83D", "\uDE80\uD83D", "\uD83D\uDE81",
        "\0a\uD83D" // identity text needs a UTF-8 form
    })
    void rejectsMalformed(String text) {
        assertThatThrownBy(() -> Multibase.decode(text)).isInstanceOf(MultiformatException.class);
    }

    @Test
    void identityCarriesTheBytesThemselves() {
        byte[] notUtf8 = {(byte) 0xff, 0, 'a'};
        assertThat(Multibase.IDENTITY.encodeToBytes(notUtf8)).containsExactly(0, 0xff, 0, 'a');
        assertThat(Multibase.decode(new byte[] {0, (byte) 0xff, 0, 'a'})).isEqualTo(notUtf8);
        assertThat(Multibase.decode(new byte[] {0})).isEmpty();
        assertThat(Multibase.IDENTITY.encode("h\u00e9".getBytes(StandardCharsets.UTF_8))).isEqualTo("\0h\u00e9");
        assertThat(Multibase.decode("\0h\u00e9")).isEqualTo("h\u00e9".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Multibase.IDENTITY.encode(notUtf8)).isInstanceOf(MultiformatException.class)
                .hasMessage("not valid UTF-8 text");
        assertThat(Multibase.byName("identity")).isEqualTo(Multibase.IDENTITY);
        assertThat(Multibase.BASE16.encodeToBytes(new byte[] {1})).isEqualTo("f01".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Multibase.decode(new byte[0])).isInstanceOf(MultiformatException.class);
    }

    @Test
    void paddedBase32TakesExactlyItsPadding() {
        for (int n = 0; n <= 10; n++) {
            byte[] data = new byte[n];
            java.util.Arrays.fill(data, (byte) (n * 37));
            for (Multibase b : List.of(Multibase.BASE32_PAD, Multibase.BASE32_PAD_UPPER, Multibase.BASE32_HEX_PAD,
                    Multibase.BASE32_HEX_PAD_UPPER)) {
                String text = b.encode(data);
                assertThat((text.length() - 1) % 8).isZero();
                assertThat(Multibase.decode(text)).isEqualTo(data);
                if (text.endsWith("=")) {
                    String shorter = text.substring(0, text.length() - 1);
                    assertThatThrownBy(() -> Multibase.decode(shorter)).isInstanceOf(MultiformatException.class);
                }
            }
        }
    }

    @Test
    void radixEncodingStopsWhereDecodingWould() {
        byte[] max = new byte[5998];
        new java.util.Random(1).nextBytes(max);
        max[0] = 1;
        String text = Multibase.BASE58BTC.encode(max);
        assertThat(Multibase.decode(text)).isEqualTo(max);
        assertThatThrownBy(() -> Multibase.BASE58BTC.encode(new byte[5999])).isInstanceOf(MultiformatException.class)
                .hasMessageContaining("at most 5998 bytes");
        assertThat(Multibase.decode(Multibase.BASE36_UPPER.encode(new byte[5294]))).hasSize(5294);
    }

    @Test
    void base58TextLengthIsCapped() {
        String huge = "2".repeat(RadixCodec.MAX_DECODE_CHARS + 1);
        assertThatThrownBy(() -> Base58.decode(huge)).isInstanceOf(MultiformatException.class);
        assertThat(Base58.decode("2".repeat(RadixCodec.MAX_DECODE_CHARS))).isNotEmpty();
    }

    private static List<String> readLines(String resource) throws IOException {
        try (InputStream in = MultibaseTest.class.getResourceAsStream(resource)) {
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    private static String quoted(String line) {
        return line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
    }

    private static byte[] unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\x", i)) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
