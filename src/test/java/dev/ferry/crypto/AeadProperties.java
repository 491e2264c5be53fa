package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The two backends agree on random inputs and both reject any single-bit change. */
class AeadProperties {
    private static final AeadCipher JDK = ChaCha20Poly1305.jdk();
    private static final AeadCipher OPENSSL = ChaCha20Poly1305.openssl().orElse(null);

    @AfterContainer
    static void close() {
        JDK.close();
        if (OPENSSL != null) {
            OPENSSL.close();
        }
    }

    @Property(tries = 300)
    void backendsAgree(@ForAll @Size(32) byte[] key, @ForAll long nonce, @ForAll @Size(max = 64) byte[] ad,
                       @ForAll @Size(max = 3000) byte[] plaintext) {
        Assume.that(OPENSSL != null);
        byte[] a = JDK.seal(key, nonce, ad, plaintext);
        byte[] b = OPENSSL.seal(key, nonce, ad, plaintext);
        assertThat(b).isEqualTo(a);
        assertThat(JDK.open(key, nonce, ad, b)).isEqualTo(plaintext);
        assertThat(OPENSSL.open(key, nonce, ad, a)).isEqualTo(plaintext);
    }

    @Property(tries = 200)
    void anyBitFlipIsRejectedByBoth(@ForAll @Size(32) byte[] key, @ForAll long nonce,
                                    @ForAll @Size(max = 300) byte[] plaintext, @ForAll @IntRange(min = 0) int where,
                                    @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] sealed = JDK.seal(key, nonce, null, plaintext);
        sealed[where % sealed.length] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> JDK.open(key, nonce, null, sealed)).isInstanceOf(AeadException.class);
        if (OPENSSL != null) {
            assertThatThrownBy(() -> OPENSSL.open(key, nonce, null, sealed)).isInstanceOf(AeadException.class);
        }
    }

    @Property(tries = 200)
    void arbitraryCiphertextOnlyFailsAuthentication(@ForAll @Size(32) byte[] key, @ForAll long nonce,
                                                    @ForAll @Size(max = 200) byte[] junk) {
        for (AeadCipher c : OPENSSL == null ? new AeadCipher[] {JDK} : new AeadCipher[] {JDK, OPENSSL}) {
            assertThatThrownBy(() -> c.open(key, nonce, null, junk)).isInstanceOf(AeadException.class);
        }
    }
}
