package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void fipsAbc() {
        assertThat(HEX.formatHex(Sha256.hash("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hash("xabcx".getBytes(StandardCharsets.US_ASCII), 1, 3))
                .isEqualTo(Sha256.hash("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Sha256.hash("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Sha256.hash("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void hmacRfc4231Case2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        byte[] mac = Sha256.hmac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want ".getBytes(StandardCharsets.US_ASCII),
                "for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(HEX.formatHex(mac)).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void hkdfMatchesRfc5869Case3() {
        // RFC 5869 A.3: salt and info empty, IKM = 22 × 0x0b, L = 42. Noise's HKDF is the same construction with the
        // chaining key as salt (an empty salt equals 32 zero bytes), so out1 ‖ out2 starts with the OKM.
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        String okmCase3 = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8";
        for (byte[] ck : new byte[][] {new byte[0], new byte[32]}) {
            byte[][] out = Hkdf.hkdf2(ck, ikm);
            assertThat(out).hasNumberOfRows(2);
            assertThat(HEX.formatHex(out[0]) + HEX.formatHex(out[1], 0, 10)).isEqualTo(okmCase3);
        }
    }

    @Test
    void hkdf3ExtendsHkdf2() {
        byte[] ck = Sha256.hash(new byte[] {1});
        byte[] ikm = Sha256.hash(new byte[] {2});
        byte[][] two = Hkdf.hkdf2(ck, ikm);
        byte[][] three = Hkdf.hkdf3(ck, ikm);
        assertThat(three[0]).isEqualTo(two[0]);
        assertThat(three[1]).isEqualTo(two[1]);
        // out3 = HMAC(temp, out2 ‖ 0x03), by the definition.
        byte[] temp = Sha256.hmac(ck, ikm);
        assertThat(three[2]).isEqualTo(Sha256.hmac(temp, two[1], new byte[] {3}));
        assertThat(two[0]).isEqualTo(Sha256.hmac(temp, new byte[] {1}));
        assertThatThrownBy(() -> Hkdf.derive(ck, ikm, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
