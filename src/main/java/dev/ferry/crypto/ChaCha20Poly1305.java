package dev.ferry.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Factory of {@link AeadCipher} instances for ChaCha20-Poly1305. Every call returns a NEW instance (instances are
 * not thread-safe); close it when done.
 *
 * <p>The OpenSSL backend is used only if libcrypto links AND reproduces the RFC 8439 §2.8.2 vector, checked once per
 * process.
 */
public final class ChaCha20Poly1305 {
    private ChaCha20Poly1305() {}

    /** The OpenSSL backend when it works here, else the JDK backend. */
    public static AeadCipher best() {
        return openssl().orElseGet(ChaCha20Poly1305::jdk);
    }

    /** The JDK's {@code ChaCha20-Poly1305} cipher. */
    public static AeadCipher jdk() {
        return new JdkChaCha20Poly1305();
    }

    /** The system OpenSSL libcrypto through the FFM API, if it loads and passes the self-test. */
    public static Optional<AeadCipher> openssl() {
        return SelfTest.OPENSSL_OK ? Optional.of(new OpenSslChaCha20Poly1305()) : Optional.empty();
    }

    /** Why the OpenSSL backend is not used, or empty when it is. */
    public static Optional<String> opensslUnavailableReason() {
        if (SelfTest.OPENSSL_OK) {
            return Optional.empty();
        }
        return Optional.of(LibCrypto.failure().orElse("self-test against RFC 8439 §2.8.2 failed"));
    }

    /** Runs once, on first use of the OpenSSL backend. */
    private static final class SelfTest {
        static final boolean OPENSSL_OK = run();

        private static boolean run() {
            if (!LibCrypto.AVAILABLE) {
                return false;
            }
            HexFormat hex = HexFormat.of();
            // RFC 8439 §2.8.2: the "sunscreen" AEAD example (key, nonce, AAD), first 16 bytes of ciphertext, and tag.
            byte[] key = hex.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
            byte[] nonce = hex.parseHex("070000004041424344454647");
            byte[] ad = hex.parseHex("50515253c0c1c2c3c4c5c6c7");
            byte[] pt = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] ctStart = hex.parseHex("d31a8d34648e60db7b86afbc53ef7ec2");
            byte[] expectedTag = hex.parseHex("1ae10b594f09e26a7e902ecbd0600691");
            try (AeadCipher c = new OpenSslChaCha20Poly1305()) {
                byte[] out = new byte[pt.length + AeadCipher.TAG_LENGTH];
                c.seal(key, nonce, ad, pt, 0, pt.length, out, 0);
                byte[] back = new byte[pt.length];
                c.open(key, nonce, ad, out, 0, out.length, back, 0);
                return Arrays.equals(out, 0, 16, ctStart, 0, 16)
                        && Arrays.equals(out, pt.length, out.length, expectedTag, 0, 16)
                        && Arrays.equals(back, pt);
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
