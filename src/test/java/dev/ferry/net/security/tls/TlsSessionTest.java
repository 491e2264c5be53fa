package dev.ferry.net.security.tls;

import static dev.ferry.net.security.tls.TlsTestSupport.YAMUX;
import static dev.ferry.net.security.tls.TlsTestSupport.handshake;
import static dev.ferry.net.security.tls.TlsTestSupport.identity;
import static dev.ferry.net.security.tls.TlsTestSupport.tls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.testing.net.MemoryPipe;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsSessionTest {

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "secp256k1", "ecdsa", "rsa"})
    void handshakeProvesEachKeyTypeBothWays(String type) throws Exception {
        Identity c = identity(type);
        Identity s = identity(type);
        MemoryPipe.Ends pipe = MemoryPipe.create();
        var pair = handshake(tls(c, YAMUX), tls(s, YAMUX), pipe.a(), pipe.b(), s.peerId());
        assertThat(pair.client().remotePeer()).isEqualTo(s.peerId());
        assertThat(pair.server().remotePeer()).isEqualTo(c.peerId());
        assertThat(pair.client().remotePublicKey()).isEqualTo(s.publicKey());
        assertThat(pair.client().cipherSuite()).startsWith("TLS_");
        echo(pair, "hello over tls".getBytes());
    }

    @Test
    void alpnAgreesOnTheMuxerWhenBothOfferIt() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        var both = handshake(tls(identity("ed25519"), YAMUX), tls(identity("ed25519"), YAMUX), pipe.a(), pipe.b(),
                null);
        assertThat(both.client().earlyMuxer()).contains("/yamux/1.0.0");
        assertThat(both.server().earlyMuxer()).contains("/yamux/1.0.0");

        pipe = MemoryPipe.create();
        var serverWithout = handshake(tls(identity("ed25519"), YAMUX), tls(identity("ed25519"), List.of()),
                pipe.a(), pipe.b(), null);
        assertThat(serverWithout.client().earlyMuxer()).isEmpty();
        assertThat(serverWithout.server().earlyMuxer()).isEmpty();

        pipe = MemoryPipe.create();
        var clientWithout = handshake(tls(identity("ed25519"), List.of()), tls(identity("ed25519"), YAMUX),
                pipe.a(), pipe.b(), null);
        assertThat(clientWithout.client().earlyMuxer()).isEmpty();
        assertThat(clientWithout.server().earlyMuxer()).isEmpty();
    }

    @Test
    void certificatesWithEmptyNamesAsJsAndRustWriteThemAreTakenBothWays() throws Exception {
        Identity c = identity("ed25519");
        Identity s = identity("secp256k1");
        TlsSecurity client = new TlsSecurity(c, YAMUX, java.time.Duration.ofSeconds(10), TlsTestSupport.RANDOM,
                java.time.InstantSource.system(), emptyNamed(c));
        TlsSecurity server = new TlsSecurity(s, YAMUX, java.time.Duration.ofSeconds(10), TlsTestSupport.RANDOM,
                java.time.InstantSource.system(), emptyNamed(s));
        MemoryPipe.Ends pipe = MemoryPipe.create();
        var pair = handshake(client, server, pipe.a(), pipe.b(), s.peerId());
        assertThat(pair.server().remotePeer()).isEqualTo(c.peerId());
        echo(pair, "empty issuer".getBytes());
    }

    private static TlsCertificate emptyNamed(Identity id) {
        java.security.KeyPair pair = TlsCertificate.ephemeralKey(TlsTestSupport.RANDOM);
        byte[] sig = id.sign(SignedKey.signedData(pair.getPublic().getEncoded()));
        java.time.Instant now = java.time.Instant.now();
        TlsCertificate t = TlsCertificate.build(pair, new SignedKey(id.publicKey().marshal(), sig).encode(),
                now.minusSeconds(3600), now.plusSeconds(3600), TlsTestSupport.RANDOM, true);
        assertThat(t.certificate().getIssuerX500Principal().getName()).isEmpty();
        return t;
    }

    @Test
    void dialingSomeoneElseFailsWithTheMismatch() throws Exception {
        Identity expected = identity("ed25519");
        Identity actual = identity("ed25519");
        MemoryPipe.Ends pipe = MemoryPipe.create();
        assertThatThrownBy(() -> handshake(tls(identity("ed25519"), YAMUX), tls(actual, YAMUX), pipe.a(), pipe.b(),
                expected.peerId()))
                .isInstanceOfSatisfying(TlsPeerIdMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(expected.peerId());
                    assertThat(e.actual()).isEqualTo(actual.peerId());
                });
    }

    @Test
    void bulkBothWaysAtOnceArrivesIntact() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create(64 * 1024);
        var pair = handshake(tls(identity("ed25519"), YAMUX), tls(identity("ed25519"), YAMUX), pipe.a(), pipe.b(),
                null);
        byte[] a = new byte[3 * 1024 * 1024 + 17];
        byte[] b = new byte[2 * 1024 * 1024 + 5];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        CompletableFuture<byte[]> atServer = readAll(pair.server().in());
        CompletableFuture<byte[]> atClient = readAll(pair.client().in());
        Thread w = Thread.ofVirtual().start(() -> {
            try {
                writeInPieces(pair.server(), b);
                pair.server().closeWrite();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writeInPieces(pair.client(), a);
        pair.client().closeWrite();
        assertThat(atServer.get(30, TimeUnit.SECONDS)).isEqualTo(a);
        assertThat(atClient.get(30, TimeUnit.SECONDS)).isEqualTo(b);
        w.join();
    }

    @Test
    void halfCloseLetsTheOtherDirectionGoOn() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        var pair = handshake(tls(identity("ed25519"), YAMUX), tls(identity("ed25519"), YAMUX), pipe.a(), pipe.b(),
                null);
        pair.client().out().write("request".getBytes());
        pair.client().closeWrite();
        assertThat(pair.server().in().readAllBytes()).isEqualTo("request".getBytes());
        pair.server().out().write("response".getBytes());
        pair.server().close();
        assertThat(pair.client().in().readAllBytes()).isEqualTo("response".getBytes());
        assertThatThrownBy(() -> pair.client().out().write(1)).isInstanceOf(TlsException.class);
        pair.client().close();
    }

    @Test
    void garbageInsteadOfAHandshakeFailsClearly() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        Thread.ofVirtual().start(() -> {
            try {
                pipe.b().out().write("/multistream/1.0.0\n not tls at all".getBytes());
                pipe.b().out().flush();
            } catch (Exception ignored) {
                // the client closes
            }
        });
        assertThatThrownBy(() -> tls(identity("ed25519"), YAMUX).secureOutbound(pipe.a(), null))
                .isInstanceOf(TlsException.class).hasMessageContaining("not a TLS record");
    }

    private static void echo(TlsTestSupport.Pair pair, byte[] msg) throws Exception {
        pair.client().out().write(msg);
        pair.client().out().flush();
        byte[] got = pair.server().in().readNBytes(msg.length);
        pair.server().out().write(got);
        pair.server().out().flush();
        assertThat(pair.client().in().readNBytes(msg.length)).isEqualTo(msg);
    }

    private static void writeInPieces(TlsSession s, byte[] data) throws Exception {
        Random r = new Random(3);
        int off = 0;
        while (off < data.length) {
            int n = Math.min(data.length - off, 1 + r.nextInt(70_000));
            s.out().write(data, off, n);
            if (r.nextInt(4) == 0) {
                s.out().flush();
            }
            off += n;
        }
        s.out().flush();
    }

    private static CompletableFuture<byte[]> readAll(InputStream in) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                f.complete(out.toByteArray());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
