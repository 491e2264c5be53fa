package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Salsa20Test {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void estreamVector() {
        // eSTREAM Salsa20/20, 256-bit key, set 1 vector 0: key 80 00 .. 00, IV 0
        byte[] key = new byte[32];
        key[0] = (byte) 0x80;
        assertThat(HEX.formatHex(Salsa20.keystream(key, new byte[8], 64))).isEqualTo(
                "E3BE8FDD8BECA2E3EA8EF9475B29A6E7003951E1097A5C38D23B7A5FAD9F6844"
                        + "B22C97559E2723C7CBBD3FE4FC8D9A0744652A83E72A9C461876AF4D7EF1A117");
    }

    @Test
    void longerStreamsStartWithShorterOnes() {
        byte[] key = new byte[32];
        byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] longer = Salsa20.keystream(key, nonce, 200);
        assertThat(Salsa20.keystream(key, nonce, 64)).isEqualTo(java.util.Arrays.copyOf(longer, 64));
        assertThat(Salsa20.keystream(key, nonce, 0)).isEmpty();
    }

    @Test
    void wrongLengthsAreRefused() {
        assertThatThrownBy(() -> Salsa20.keystream(new byte[16], new byte[8], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Salsa20.keystream(new byte[32], new byte[24], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Salsa20.keystream(new byte[32], new byte[8], -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
