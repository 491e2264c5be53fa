package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** libsodium's Ed25519 and the JDK's agree: same keys, same signatures, same verdicts on good and damaged ones. */
class Ed25519Properties {
    @Test
    void libsodiumIsUsedOnThisMachine() {
        // every machine image here ships libsodium23: a silent fall back to the slow path would go unnoticed otherwise
        assertThat(Ed25519.isNative()).as(LibSodium.failure().orElse("")).isTrue();
    }

    @Property(tries = 200)
    void bothImplementationsAgree(@ForAll @Size(32) byte[] seed, @ForAll @Size(max = 2000) byte[] message,
            @ForAll @IntRange(min = 0, max = 95) int flip) {
        assumeTrue(LibSodium.AVAILABLE);
        byte[] pub = Ed25519.publicKey(seed);
        assertThat(pub).isEqualTo(Ed25519.jdkPublicKey(seed));
        byte[] sig = Ed25519.nativeSign(seed, message);
        assertThat(sig).isEqualTo(Ed25519.jdkSign(seed, message)).isEqualTo(Ed25519.sign(seed, pub, message));
        assertThat(Ed25519.nativeVerify(pub, message, sig)).isTrue();
        assertThat(Ed25519.jdkVerify(pub, message, sig)).isTrue();
        // one bit changed in the signature or the key: both refuse
        byte[] badSig = sig.clone();
        byte[] badPub = pub.clone();
        if (flip < 64) {
            badSig[flip] ^= 1;
        } else {
            badPub[flip - 64] ^= 1;
        }
        assertThat(Ed25519.nativeVerify(badPub, message, badSig)).isFalse();
        assertThat(Ed25519.jdkVerify(badPub, message, badSig)).isFalse();
    }

    @Test
    void longMessagesGoThroughACopy() {
        assumeTrue(LibSodium.AVAILABLE);
        byte[] seed = new byte[32];
        byte[] message = new byte[Ed25519.CRITICAL_MAX * 3 + 7];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i * 31);
        }
        byte[] sig = Ed25519.sign(seed, message);
        assertThat(sig).isEqualTo(Ed25519.jdkSign(seed, message));
        assertThat(Ed25519.verify(Ed25519.publicKey(seed), message, sig)).isTrue();
        message[message.length - 1] ^= 1;
        assertThat(Ed25519.verify(Ed25519.publicKey(seed), message, sig)).isFalse();
    }
}
