package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class X25519Test {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "RFC 7748 §5.2 vector {index}")
    @CsvSource({
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4, e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c, c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        // the u-coordinate has its top bit set: it must be masked, not rejected
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d, e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493, 95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
    })
    void scalarMultiplication(String scalar, String u, String expected) {
        assertThat(HEX.formatHex(X25519.agree(HEX.parseHex(scalar), HEX.parseHex(u)))).isEqualTo(expected);
    }

    @Test
    void rfc7748DiffieHellman() {
        byte[] alice = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePub = X25519.publicKey(alice);
        byte[] bobPub = X25519.publicKey(bob);
        assertThat(HEX.formatHex(alicePub)).isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(HEX.formatHex(bobPub)).isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertThat(HEX.formatHex(X25519.agree(alice, bobPub))).isEqualTo(shared);
        assertThat(HEX.formatHex(X25519.agree(bob, alicePub))).isEqualTo(shared);
    }

    @Test
    void iteratedThousandTimes() {
        // RFC 7748 §5.2: k = u = 9; repeat (k, u) = (X25519(k, u), k).
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] r = X25519.agree(k, u);
            u = k;
            k = r;
            if (i == 1) {
                assertThat(HEX.formatHex(k)).isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }
        assertThat(HEX.formatHex(k)).isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    @Test
    void lowOrderPointIsRejected() {
        byte[] priv = X25519.generate(new SecureRandom()).privateKey();
        assertThatThrownBy(() -> X25519.agree(priv, new byte[32])).isInstanceOf(CryptoException.class);
        byte[] one = new byte[32];
        one[0] = 1;
        assertThatThrownBy(() -> X25519.agree(priv, one)).isInstanceOf(CryptoException.class);
    }

    @Test
    void generatedPairsAgree() {
        SecureRandom rnd = new SecureRandom();
        X25519.KeyPair a = X25519.generate(rnd);
        X25519.KeyPair b = X25519.generate(rnd);
        assertThat(X25519.agree(a.privateKey(), b.publicKey())).isEqualTo(X25519.agree(b.privateKey(), a.publicKey()));
    }

    @Test
    void wrongLengthsAreUsageErrors() {
        assertThatThrownBy(() -> X25519.publicKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> X25519.agree(new byte[32], new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }
}
