package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "RFC 8032 §7.1 test {index}")
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '', e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72, 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    })
    void rfc8032(String seed, String pub, String msg, String sig) {
        byte[] s = HEX.parseHex(seed);
        byte[] m = HEX.parseHex(msg);
        assertThat(HEX.formatHex(Ed25519.publicKey(s))).isEqualTo(pub);
        assertThat(HEX.formatHex(Ed25519.sign(s, m))).isEqualTo(sig);
        assertThat(Ed25519.verify(HEX.parseHex(pub), m, HEX.parseHex(sig))).isTrue();
        byte[] bad = HEX.parseHex(sig);
        bad[5] ^= 0x10;
        assertThat(Ed25519.verify(HEX.parseHex(pub), m, bad)).isFalse();
        assertThat(Ed25519.verify(HEX.parseHex(pub), new byte[] {1, 2}, HEX.parseHex(sig))).isFalse();
    }

    @Test
    void allZeroSeedPublicKey() {
        // SPECS §23: seed 00…00 → public key 3b6a27bc… (base58 4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS).
        assertThat(HEX.formatHex(Ed25519.publicKey(new byte[32])))
                .isEqualTo("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
    }

    @Test
    void malformedInputsAreSimplyInvalid() {
        Ed25519.KeyPair kp = Ed25519.generate(new SecureRandom());
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] sig = Ed25519.sign(kp.seed(), msg);
        assertThat(Ed25519.verify(kp.publicKey(), msg, sig)).isTrue();
        assertThat(Ed25519.verify(kp.publicKey(), msg, new byte[63])).isFalse();
        assertThat(Ed25519.verify(new byte[31], msg, sig)).isFalse();
        assertThat(Ed25519.verify(null, msg, sig)).isFalse();
        // y = 2 is not on the curve (no x exists); y = p + 1 is a non-canonical encoding.
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertThat(Ed25519.verify(notAPoint, msg, sig)).isFalse();
        byte[] ff = HEX.parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(Ed25519.verify(ff, msg, sig)).isFalse();
    }
}
