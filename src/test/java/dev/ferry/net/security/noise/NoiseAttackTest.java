package dev.ferry.net.security.noise;

import dev.ferry.net.transport.DuplexStream;
import dev.ferry.testing.net.MemoryPipe;
import static dev.ferry.net.security.noise.NoiseTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.crypto.ChaCha20Poly1305;
import dev.ferry.identity.Identity;
import dev.ferry.net.security.noise.wire.NoisePayload;
import dev.ferry.net.security.noise.wire.NoisePayloadCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Hostile peers during the handshake; each attack has a twin showing the honest variant still works. */
class NoiseAttackTest {

    /** A responder driven by hand, so it can sign whatever it likes. */
    static void rogueResponder(DuplexStream raw, Identity identity, byte[] signedStatic, byte[] staticPriv)
            throws IOException {
        HandshakeState hs = new HandshakeState(false, ChaCha20Poly1305.best(), staticPriv, fill(77));
        byte[] m1 = readFrame(raw);
        hs.readMessage(m1);
        byte[] sig = identity.sign(NoiseSecurity.concat(NoiseSecurity.SIGNATURE_PREFIX, signedStatic));
        byte[] payload = NoisePayloadCodec.encode(new NoisePayload(
                identity.peerId().extractPublicKey().orElseThrow().marshal(), sig, List.of()));
        byte[] m2 = hs.writeMessage(payload);
        byte[] frame = new byte[2 + m2.length];
        NoiseFrames.putLength(frame, m2.length);
        System.arraycopy(m2, 0, frame, 2, m2.length);
        raw.out().write(frame);
    }

    static byte[] readFrame(DuplexStream raw) throws IOException {
        byte[] buf = new byte[65535];
        int n = NoiseFrames.read(raw.in(), buf, 0, 65535);
        return java.util.Arrays.copyOf(buf, n);
    }

    static CompletableFuture<Void> async(ThrowingRunnable r) {
        return CompletableFuture.runAsync(() -> {
            try {
                r.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, t -> Thread.ofVirtual().start(t));
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void forgedSignatureIsRejected() throws Exception {
        Side i = side(1, 2, ALICE_PRIV, FAST);
        Identity mallory = Identity.generate(new FixedRandom(fill(9)));
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        // signs a static key other than the one it uses in the handshake
        async(() -> rogueResponder(pipe.b(), mallory, fill(0x42), fill(4)));
        assertThatThrownBy(() -> i.noise().secureOutbound(pipe.a(), null))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void honestHandRolledResponderIsAccepted() throws Exception {
        Side i = side(1, 2, ALICE_PRIV, FAST);
        Identity honest = Identity.generate(new FixedRandom(fill(9)));
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        byte[] staticPriv = fill(4);
        async(() -> rogueResponder(pipe.b(), honest, dev.ferry.crypto.X25519.publicKey(staticPriv), staticPriv));
        NoiseSession s = i.noise().secureOutbound(pipe.a(), honest.peerId());
        assertThat(s.remotePeer()).isEqualTo(honest.peerId());
    }

    @Test
    void wrongPeerIdIsRefused() throws Exception {
        Side i = side(1, 2, ALICE_PRIV, FAST);
        Side r = side(3, 4, BOB_PRIV, FAST);
        Side other = side(5, 6, BOB_PRIV, FAST);
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        assertThatThrownBy(() -> handshake(i, r, pipe, other.peer()))
                .isInstanceOfSatisfying(PeerIdMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(other.peer());
                    assertThat(e.actual()).isEqualTo(r.peer());
                });
        // the initiator never sent its identity: only message 1 went out
        assertThat(pipe.aToB().tapped()).hasSize(34);
    }

    @Test
    void rightPeerIdIsAccepted() throws Exception {
        Side i = side(1, 2, ALICE_PRIV, FAST);
        Side r = side(3, 4, BOB_PRIV, FAST);
        Pair p = handshake(i, r, MemoryPipe.tapped(), r.peer());
        assertThat(p.initiator().remotePeer()).isEqualTo(r.peer());
    }

    @Test
    void garbageInsteadOfAHandshakeIsRejected() throws Exception {
        Side r = side(3, 4, BOB_PRIV, FAST);
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();
        assertThatThrownBy(() -> r.noise().secureInbound(new ScriptedStream(http)))
                .isInstanceOf(NoiseException.class).hasMessageContaining("frame length");
        // a well-formed first frame followed by junk for message 3
        byte[] junk = new byte[34 + 2 + 100];
        junk[1] = 32;
        System.arraycopy(FixedRandom.hex(ALICE_PUB), 0, junk, 2, 32);
        junk[35] = 100;
        ScriptedStream s = new ScriptedStream(junk);
        Side r2 = side(3, 4, BOB_PRIV, FAST);
        assertThatThrownBy(() -> r2.noise().secureInbound(s)).isInstanceOf(NoiseException.class);
        assertThat(s.closed).isTrue();
    }

    @Test
    void oversizedHandshakeFrameIsRejectedBeforeReadingIt() throws Exception {
        Side r = side(3, 4, BOB_PRIV, FAST);
        byte[] big = new byte[2]; // announces 65535 and sends nothing more: rejected on the header alone
        big[0] = (byte) 0xff;
        big[1] = (byte) 0xff;
        assertThatThrownBy(() -> r.noise().secureInbound(new ScriptedStream(big)))
                .isInstanceOf(NoiseException.class).hasMessageContaining("65535");
    }

    @Test
    void truncatedHandshakeIsRejected() throws Exception {
        Side r = side(3, 4, BOB_PRIV, FAST);
        byte[] half = new byte[2 + 16];
        half[1] = 32;
        assertThatThrownBy(() -> r.noise().secureInbound(new ScriptedStream(half)))
                .isInstanceOf(NoiseException.class).hasMessageContaining("EOF");
    }

    @Test
    void handshakeThatNeverFinishesTimesOut() throws Exception {
        NoiseConfig quick = NoiseConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300));
        Side i = side(1, 2, ALICE_PRIV, quick);
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        long start = System.nanoTime();
        // the responder reads message 1 and then says nothing
        assertThatThrownBy(() -> i.noise().secureOutbound(pipe.a(), null))
                .isInstanceOf(NoiseException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // and a silent initiator is cut off by the responder the same way
        Side r = side(3, 4, BOB_PRIV, quick);
        MemoryPipe.Ends pipe2 = MemoryPipe.tapped();
        assertThatThrownBy(() -> r.noise().secureInbound(pipe2.b()))
                .isInstanceOf(NoiseException.class).hasMessageContaining("timed out");
    }

    @Test
    void handshakeWithinTheSameShortTimeoutSucceeds() throws Exception {
        NoiseConfig quick = NoiseConfig.defaults().withHandshakeTimeout(Duration.ofMillis(2000));
        Pair p = handshake(side(1, 2, ALICE_PRIV, quick), side(3, 4, BOB_PRIV, quick), MemoryPipe.tapped(), null);
        // the watchdog must not close a finished session afterwards
        p.initiator().out().write(7);
        p.initiator().out().flush();
        assertThat(p.responder().in().read()).isEqualTo(7);
    }

    @Test
    void lowOrderEphemeralKeyIsRejected() throws Exception {
        Side r = side(3, 4, BOB_PRIV, FAST);
        byte[] m1 = new byte[34]; // the all-zero point: every DH with it is zero
        m1[1] = 32;
        assertThatThrownBy(() -> r.noise().secureInbound(new ScriptedStream(m1)))
                .isInstanceOf(NoiseException.class);
    }

    @Test
    void eachHostHasItsOwnStaticKey() {
        Side a = side(1, 2, ALICE_PRIV, FAST);
        Side b = side(1, 3, ALICE_PRIV, FAST);
        assertThat(a.noise().staticPublicKey()).isNotEqualTo(b.noise().staticPublicKey());
        assertThat(new NoiseSecurity(a.identity(), FAST, new java.security.SecureRandom()).staticPublicKey())
                .isNotEqualTo(a.noise().staticPublicKey());
    }
}
