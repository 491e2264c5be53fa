package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XSalsa20Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = "this is 32-byte key for xsalsa20".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE = "24-byte nonce for xsalsa".getBytes(StandardCharsets.US_ASCII);

    @Test
    void goReferenceVectors() {
        // golang.org/x/crypto salsa20_test.go xSalsa20TestData
        assertThat(HEX.formatHex(new XSalsa20(KEY, NONCE).apply("Hello world!".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("002d4513843fc240c401e541");
        assertThat(HEX.formatHex(new XSalsa20(KEY, NONCE).apply(new byte[64]))).isEqualTo(
                "4848297feb1fb52fb66d81609bd547fabcbe7026edc8b5e5e449d088bfa69c08"
                        + "8f5d8da1d791267c2c195a7f8cae9c4b4050d08ce6d3a151ec265f3a58e47648");
    }

    @Test
    void naclSecretboxKeystream() {
        // NaCl/libsodium "firstkey" and nonce: the first 32 keystream bytes are secretbox's Poly1305 key.
        byte[] key = HEX.parseHex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
        byte[] nonce = HEX.parseHex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");
        assertThat(HEX.formatHex(new XSalsa20(key, nonce).apply(new byte[64]))).isEqualTo(
                "eea6a7251c1e72916d11c2cb214d3c252539121d8e234e652d651fa4c8cff880"
                        + "309e645a74e9e0a60d8243acd9177ab51a1beb8d5a2f5d700c093c5e55855796");
    }

    @Test
    void keystreamRunsOnAcrossCalls() {
        byte[] data = new byte[5000];
        new Random(3).nextBytes(data);
        byte[] whole = new XSalsa20(KEY, NONCE).apply(data);
        XSalsa20 s = new XSalsa20(KEY, NONCE);
        byte[] pieces = data.clone();
        int[] cuts = {0, 1, 7, 64, 65, 200, 1000, 4093, 5000};
        for (int i = 1; i < cuts.length; i++) {
            s.apply(pieces, cuts[i - 1], cuts[i] - cuts[i - 1]);
        }
        assertThat(pieces).isEqualTo(whole);
        assertThat(new XSalsa20(KEY, NONCE).apply(whole)).isEqualTo(data);
    }

    @Test
    void wrongLengths() {
        assertThatThrownBy(() -> new XSalsa20(new byte[31], NONCE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new XSalsa20(KEY, new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
