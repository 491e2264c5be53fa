package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
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

    /**
     * Input and output anywhere in one array (apart, overlapping at other offsets, or exactly in place) and in
     * separate arrays: the OpenSSL backend's results equal the JDK backend's on separate arrays.
     */
    @Property(tries = 400)
    void offsetsAndOverlapsInOneArray(@ForAll @Size(32) byte[] key, @ForAll long nonce,
                                      @ForAll @Size(max = 2000) byte[] plaintext, @ForAll @IntRange(max = 64) int inOff,
                                      @ForAll @IntRange(max = 64) int outOff, @ForAll boolean oneArray) {
        Assume.that(OPENSSL != null);
        sealAndOpenLikeTheJdk(key, nonce, null, plaintext, inOff, outOff, oneArray);
    }

    /** OpenSSL seals and opens {@code plaintext} at these offsets (in one array or two) as the JDK does on two. */
    private static void sealAndOpenLikeTheJdk(byte[] key, long nonce, byte[] ad, byte[] plaintext, int inOff, int outOff,
                                              boolean oneArray) {
        byte[] expected = JDK.seal(key, nonce, ad, plaintext);
        int n = plaintext.length;
        byte[] in = new byte[Math.max(inOff + n, outOff + n + 16) + 8];
        System.arraycopy(plaintext, 0, in, inOff, n);
        byte[] out = oneArray ? in : new byte[outOff + n + 16];
        assertThat(OPENSSL.seal(key, nonce, ad, in, inOff, n, out, outOff)).isEqualTo(n + 16);
        assertThat(java.util.Arrays.copyOfRange(out, outOff, outOff + n + 16)).isEqualTo(expected);

        byte[] ct = new byte[Math.max(inOff + n + 16, outOff + n) + 8];
        System.arraycopy(expected, 0, ct, inOff, n + 16);
        byte[] pt = oneArray ? ct : new byte[outOff + n];
        assertThat(OPENSSL.open(key, nonce, ad, ct, inOff, n + 16, pt, outOff)).isEqualTo(n);
        assertThat(java.util.Arrays.copyOfRange(pt, outOff, outOff + n)).isEqualTo(plaintext);
    }

    /**
     * With associated data and messages past the native buffer's first 4 KiB, in one array (in place, or overlapping
     * at other offsets, which goes through the native buffer) or in two: the OpenSSL backend equals the JDK's.
     */
    @Property(tries = 150)
    void associatedDataAndLargeMessagesInEveryLayout(@ForAll @Size(32) byte[] key, @ForAll long nonce,
                                                     @ForAll @Size(max = 64) byte[] ad,
                                                     @ForAll @IntRange(max = 20_000) int n, @ForAll @IntRange(max = 40) int inOff,
                                                     @ForAll @IntRange(max = 40) int outOff, @ForAll boolean oneArray) {
        Assume.that(OPENSSL != null);
        byte[] plaintext = new byte[n];
        new java.util.Random(nonce).nextBytes(plaintext);
        sealAndOpenLikeTheJdk(key, nonce, ad, plaintext, inOff, outOff, oneArray);
    }

    /** Noise's transport messages (whole frames, no associated data, in place) keep the native buffer at 4 KiB. */
    @Example
    void inPlaceFramesWithoutAssociatedDataNeverGrowTheNativeBuffer() {
        Assume.that(OPENSSL != null);
        OpenSslChaCha20Poly1305 c = (OpenSslChaCha20Poly1305) ChaCha20Poly1305.openssl().orElseThrow();
        long first = c.nativeCapacity();
        byte[] key = new byte[32];
        byte[] frame = new byte[65_535];
        for (int i = 0; i < 4; i++) {
            int n = c.seal(key, i, null, frame, 0, frame.length - 16, frame, 0);
            assertThat(c.open(key, i, new byte[0], frame, 0, n, frame, 0)).isEqualTo(frame.length - 16);
        }
        assertThat(c.nativeCapacity()).isEqualTo(first).isEqualTo(4096);
        // a copy it needs (output overlapping the input elsewhere) still grows it
        c.seal(key, 9, null, frame, 0, 30_000, frame, 8);
        assertThat(c.nativeCapacity()).isGreaterThanOrEqualTo(30_000);
        c.close();
    }

    /** A failed open leaves no unauthenticated plaintext in the output. */
    @Property(tries = 100)
    void aFailedOpenLeavesNoPlaintext(@ForAll @Size(32) byte[] key, @ForAll long nonce,
                                      @ForAll @Size(min = 1, max = 2000) byte[] plaintext) {
        Assume.that(OPENSSL != null);
        byte[] sealed = JDK.seal(key, nonce, null, plaintext);
        sealed[sealed.length - 1] ^= 1; // the tag
        byte[] out = new byte[plaintext.length];
        assertThatThrownBy(() -> OPENSSL.open(key, nonce, null, sealed, 0, sealed.length, out, 0))
                .isInstanceOf(AeadException.class);
        assertThat(out).containsOnly((byte) 0);
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
