package dev.ferry.net.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Known-answer vectors from SPECS.md §8 and the framing limits. */
class MultistreamCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // text,               bytes: varint length (counts the newline) ‖ utf8 ‖ 0a
        "/multistream/1.0.0, 13 2f6d756c746973747265616d2f312e302e30 0a",
        "/noise,             07 2f6e6f697365 0a",
        "/yamux/1.0.0,       0d 2f79616d75782f312e302e30 0a",
        "na,                 03 6e61 0a",
        "ls,                 03 6c73 0a",
    })
    void specVectors(String text, String annotatedHex) throws IOException {
        byte[] bytes = HEX.parseHex(annotatedHex.replace(" ", ""));
        assertThat(MultistreamCodec.encode(text)).isEqualTo(bytes);
        assertThat(MultistreamCodec.read(new ByteArrayInputStream(bytes))).isEqualTo(text);
    }

    @Test
    void longestMessageUsesTwoByteVarint() throws IOException {
        String text = "/" + "a".repeat(1022); // 1023 bytes + newline = 1024
        byte[] bytes = MultistreamCodec.encode(text);
        assertThat(bytes[0] & 0xff).isEqualTo(0x80); // 1024 = 80 08
        assertThat(bytes[1]).isEqualTo((byte) 0x08);
        assertThat(MultistreamCodec.read(new ByteArrayInputStream(bytes))).isEqualTo(text);
    }

    @Test
    void messageOverLimitIsRejectedBeforeReadingIt() {
        // 1025 = 81 08, followed by nothing: the length alone must be refused
        assertThatThrownBy(() -> MultistreamCodec.read(new ByteArrayInputStream(HEX.parseHex("8108"))))
                .isInstanceOf(MultistreamException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> MultistreamCodec.encode("/" + "a".repeat(1023)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "8300 6e610a, non-minimal varint",
        "00,          empty message",
        "03 6e6178,   missing newline",
        "03 0a6e0a,   newline inside",
        "03 ff fe 0a, invalid utf8",
        "04 6e61,     truncated body",
        "'',          nothing at all",
        "80,          truncated varint",
        "ffffffff0f,  huge varint",
    })
    void malformedMessages(String hex, String why) {
        byte[] bytes = HEX.parseHex(hex.replace(" ", ""));
        assertThatThrownBy(() -> MultistreamCodec.read(new ByteArrayInputStream(bytes)))
                .as(why).isInstanceOf(MultistreamException.class);
    }

    @Test
    void readTakesExactlyOneMessage() throws IOException {
        byte[] bytes = HEX.parseHex("036e610a" + "deadbeef");
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        assertThat(MultistreamCodec.read(in)).isEqualTo("na");
        assertThat(in.readAllBytes()).isEqualTo(HEX.parseHex("deadbeef"));
    }

    @Test
    void listAnswerFormat() throws IOException {
        byte[] bytes = MultistreamCodec.encodeList(List.of("/a", "/bc"));
        // outer length 10 = (03 "/a\n") + (04 "/bc\n") + final newline
        assertThat(HEX.formatHex(bytes)).isEqualTo("0a" + "032f610a" + "042f62630a" + "0a");
        assertThat(MultistreamCodec.readList(new ByteArrayInputStream(bytes))).containsExactly("/a", "/bc");
        assertThat(MultistreamCodec.readList(new ByteArrayInputStream(MultistreamCodec.encodeList(List.of()))))
                .isEmpty();
    }

    @Test
    void malformedListAnswers() {
        for (String hex : new String[] {"04" + "052f610a" + "0a", "04" + "032f61ff" + "0a", "02" + "00" + "0a"}) {
            assertThatThrownBy(() -> MultistreamCodec.readList(new ByteArrayInputStream(HEX.parseHex(hex))))
                    .as(hex).isInstanceOf(MultistreamException.class);
        }
    }
}
