package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VarintTest {
    private static final HexFormat HEX = HexFormat.of();

    // SPECS §1 (unsigned-varint README), plus the 9-byte maximum
    @ParameterizedTest
    @CsvSource({
        "0, 00", "1, 01", "127, 7f", "128, 8001", "255, ff01", "300, ac02", "16384, 808001",
        "237, ed01", "421, a503", "9223372036854775807, ffffffffffffffff7f"
    })
    void knownAnswers(long value, String hex) throws Exception {
        byte[] enc = HEX.parseHex(hex);
        assertThat(Varint.encode(value)).isEqualTo(enc);
        assertThat(Varint.size(value)).isEqualTo(enc.length);
        ByteBuffer buf = ByteBuffer.wrap(enc);
        assertThat(Varint.decode(buf)).isEqualTo(value);
        assertThat(buf.hasRemaining()).isFalse();
        assertThat(Varint.read(new ByteArrayInputStream(enc))).isEqualTo(value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(value, out);
        assertThat(out.toByteArray()).isEqualTo(enc);
        byte[] dst = new byte[12];
        assertThat(Varint.write(value, dst, 2)).isEqualTo(enc.length);
    }

    @ParameterizedTest
    @CsvSource({
        "8000, not minimally", "ff00, not minimally", "808080808080808000, not minimally",
        "80, truncated", "ff, truncated", "'', truncated",
        "ffffffffffffffffff01, longer than 9", "80808080808080808001, longer than 9"
    })
    void rejectsMalformed(String hex, String why) {
        ByteBuffer buf = ByteBuffer.wrap(HEX.parseHex(hex));
        assertThatThrownBy(() -> Varint.decode(buf)).isInstanceOf(MultiformatException.class).hasMessageContaining(why);
        assertThat(buf.position()).isZero();
    }

    @Test
    void streamDistinguishesCleanEofFromTruncation() {
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(new byte[0]))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(new byte[] {(byte) 0x80})))
            .isInstanceOf(MultiformatException.class);
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(HEX.parseHex("8000"))))
            .isInstanceOf(MultiformatException.class);
    }

    @Test
    void streamReadsOnlyTheVarint() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(HEX.parseHex("ac02ff"));
        assertThat(Varint.read(in)).isEqualTo(300);
        assertThat(in.read()).isEqualTo(0xff);
    }

    @Test
    void rejectsNegativeValues() {
        assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(MultiformatException.class);
        assertThatThrownBy(() -> Varint.size(Long.MIN_VALUE)).isInstanceOf(MultiformatException.class);
    }
}
