package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Shake128Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void fips202Answers() {
        assertThat(HEX.formatHex(Shake128.digest(new byte[0], 16))).isEqualTo("7f9c2ba4e88f827d616045507605853e");
        assertThat(HEX.formatHex(Shake128.digest("abc".getBytes(StandardCharsets.US_ASCII), 32)))
                .isEqualTo("5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8");
    }

    @Test
    void lengthMustBePositive() {
        assertThatThrownBy(() -> Shake128.digest(new byte[1], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
