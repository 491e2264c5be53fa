package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8439 vectors (src/test/resources/vectors/crypto/rfc8439-aead.json) against both backends. */
class AeadVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(String name, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext, byte[] ciphertext, byte[] tag) {
        byte[] sealed() {
            byte[] out = Arrays.copyOf(ciphertext, ciphertext.length + 16);
            System.arraycopy(tag, 0, out, ciphertext.length, 16);
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() throws IOException {
        try (InputStream in = AeadVectorsTest.class.getResourceAsStream("/vectors/crypto/rfc8439-aead.json")) {
            List<Vector> out = new ArrayList<>();
            for (JsonNode n : new ObjectMapper().readTree(in)) {
                out.add(new Vector(n.get("name").asText(), hex(n, "key"), hex(n, "nonce"), hex(n, "aad"),
                        hex(n, "plaintext"), hex(n, "ciphertext"), hex(n, "tag")));
            }
            return out;
        }
    }

    private static byte[] hex(JsonNode n, String field) {
        return HEX.parseHex(n.get(field).asText());
    }

    /** Both backends; OpenSSL is required wherever libcrypto.so.3 is installed (as on the build machine). */
    static List<Supplier<AeadCipher>> backends() {
        List<Supplier<AeadCipher>> b = new ArrayList<>();
        b.add(named("jdk", ChaCha20Poly1305::jdk));
        if (ChaCha20Poly1305.openssl().isPresent()) {
            b.add(named("openssl", () -> ChaCha20Poly1305.openssl().orElseThrow()));
        }
        return b;
    }

    private static Supplier<AeadCipher> named(String name, Supplier<AeadCipher> s) {
        return new Supplier<>() {
            @Override
            public AeadCipher get() {
                return s.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Supplier<AeadCipher> b : backends()) {
            for (Vector v : vectors()) {
                out.add(Arguments.of(b, v));
            }
        }
        return out.stream();
    }

    @Test
    void opensslLoadsWhereLibcryptoIsInstalled() {
        boolean installed = Stream.of("/lib/x86_64-linux-gnu/libcrypto.so.3", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3",
                "/usr/lib64/libcrypto.so.3", "/lib/aarch64-linux-gnu/libcrypto.so.3").anyMatch(p -> Files.exists(Path.of(p)));
        if (installed) {
            assertThat(ChaCha20Poly1305.opensslUnavailableReason()).isEmpty();
            try (AeadCipher c = ChaCha20Poly1305.best()) {
                assertThat(c.name()).isEqualTo("openssl");
            }
        }
        try (AeadCipher c = ChaCha20Poly1305.jdk()) {
            assertThat(c.name()).isEqualTo("jdk");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void sealsToTheVector(Supplier<AeadCipher> backend, Vector v) {
        try (AeadCipher c = backend.get()) {
            byte[] out = new byte[v.plaintext().length + 16];
            int n = c.seal(v.key(), v.nonce(), v.aad(), v.plaintext(), 0, v.plaintext().length, out, 0);
            assertThat(n).isEqualTo(out.length);
            assertThat(HEX.formatHex(out)).isEqualTo(HEX.formatHex(v.sealed()));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void opensTheVector(Supplier<AeadCipher> backend, Vector v) {
        try (AeadCipher c = backend.get()) {
            byte[] sealed = v.sealed();
            byte[] out = new byte[sealed.length - 16];
            assertThat(c.open(v.key(), v.nonce(), v.aad(), sealed, 0, sealed.length, out, 0)).isEqualTo(out.length);
            assertThat(out).isEqualTo(v.plaintext());
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void tamperingIsDetectedAndNothingIsWritten(Supplier<AeadCipher> backend, Vector v) {
        try (AeadCipher c = backend.get()) {
            byte[] good = v.sealed();
            for (int pos : new int[] {0, good.length / 2, good.length - 16, good.length - 1}) {
                byte[] bad = good.clone();
                bad[pos] ^= 0x01;
                byte[] out = new byte[good.length - 16];
                assertThatThrownBy(() -> c.open(v.key(), v.nonce(), v.aad(), bad, 0, bad.length, out, 0))
                        .isInstanceOf(AeadException.class);
                assertThat(out).containsOnly(0);
            }
            byte[] wrongAd = v.aad().clone();
            wrongAd[0] ^= 1;
            assertThatThrownBy(() -> c.open(v.key(), v.nonce(), wrongAd, good, 0, good.length, new byte[good.length], 0))
                    .isInstanceOf(AeadException.class);
            assertThatThrownBy(() -> c.open(v.key(), v.nonce(), v.aad(), good, 0, 15, new byte[16], 0))
                    .isInstanceOf(AeadException.class);
            // the instance still works after failures
            byte[] out = new byte[good.length - 16];
            c.open(v.key(), v.nonce(), v.aad(), good, 0, good.length, out, 0);
            assertThat(out).isEqualTo(v.plaintext());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void noiseNonceFormAndA5(Supplier<AeadCipher> backend) throws IOException {
        // §A.5's nonce 00000000 0102030405060708 is a Noise nonce with counter 0x0807060504030201.
        Vector a5 = vectors().get(1);
        assertThat(AeadCipher.noiseNonce(0x0807060504030201L)).isEqualTo(a5.nonce());
        try (AeadCipher c = backend.get()) {
            assertThat(c.open(a5.key(), 0x0807060504030201L, a5.aad(), a5.sealed())).isEqualTo(a5.plaintext());
            assertThat(c.seal(a5.key(), 0x0807060504030201L, a5.aad(), a5.plaintext())).isEqualTo(a5.sealed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void offsetsAliasingAndReuse(Supplier<AeadCipher> backend) {
        byte[] key = new byte[32];
        key[3] = 7;
        try (AeadCipher c = backend.get()) {
            byte[] msg = "offsets and aliasing".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] ref = c.seal(key, 5, null, msg);
            // same key and nonce twice in a row: a pure function (the JDK guard is stepped around)
            assertThat(c.seal(key, 5, new byte[0], msg)).isEqualTo(ref);
            byte[] buf = new byte[3 + msg.length + 16 + 2];
            System.arraycopy(msg, 0, buf, 3, msg.length);
            assertThat(c.seal(key, 5, null, buf, 3, msg.length, buf, 3)).isEqualTo(msg.length + 16);
            assertThat(Arrays.copyOfRange(buf, 3, 3 + msg.length + 16)).isEqualTo(ref);
            assertThat(c.open(key, 5, null, buf, 3, msg.length + 16, buf, 3)).isEqualTo(msg.length);
            assertThat(Arrays.copyOfRange(buf, 3, 3 + msg.length)).isEqualTo(msg);
            // empty message: just a tag
            assertThat(c.open(key, 9, msg, c.seal(key, 9, msg, new byte[0]))).isEmpty();
            // a large message grows the native buffer
            byte[] big = new byte[300_000];
            new java.util.Random(1).nextBytes(big);
            assertThat(c.open(key, 1, msg, c.seal(key, 1, msg, big))).isEqualTo(big);
            assertThatThrownBy(() -> c.seal(new byte[16], 0, null, msg)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.seal(key, 0, null, msg, 0, msg.length, new byte[msg.length + 15], 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anInstanceMayMoveBetweenThreads(Supplier<AeadCipher> backend) throws Exception {
        // One cipher per connection direction, used by whichever (virtual) thread holds the connection's lock.
        byte[] key = new byte[32];
        try (AeadCipher c = backend.get()) {
            byte[] sealed = c.seal(key, 1, null, new byte[10_000]);
            Thread t = Thread.ofVirtual().start(() -> assertThat(c.open(key, 1, null, sealed)).hasSize(10_000));
            t.join();
            byte[][] grown = new byte[1][];
            Thread.ofPlatform().start(() -> grown[0] = c.seal(key, 2, null, new byte[200_000])).join();
            assertThat(c.open(key, 2, null, grown[0])).hasSize(200_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void closedCipherRefusesWork(Supplier<AeadCipher> backend) {
        AeadCipher c = backend.get();
        c.close();
        c.close();
        assertThatThrownBy(() -> c.seal(new byte[32], 0, null, new byte[1])).isInstanceOf(IllegalStateException.class);
    }
}
