package dev.ferry.net.security.noise;

import dev.ferry.testing.net.MemoryPipe;
import static dev.ferry.net.security.noise.NoiseTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The secured stream after the handshake: framing, buffering, EOF, and fatal errors. */
class NoiseSessionTest {

    static Pair connect(MemoryPipe.Ends pipe) throws Exception {
        return handshake(side(1, 2, ALICE_PRIV, FAST), side(3, 4, BOB_PRIV, FAST), pipe, null);
    }

    static byte[] readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    @Test
    void bulkDataBothWaysIsSplitIntoFramesOfAtMost65535() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        Pair p = connect(pipe);
        long handshakeBytes = pipe.aToB().tapped().length;
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
            try {
                return readAll(p.responder().in());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        // a mix of one big write and many small ones
        p.initiator().out().write(data, 0, 500_000);
        for (int off = 500_000; off < data.length; off += 1000) {
            p.initiator().out().write(data, off, Math.min(1000, data.length - off));
        }
        p.initiator().closeWrite();
        assertThat(MessageDigest.getInstance("SHA-256").digest(got.get(20, TimeUnit.SECONDS)))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));

        byte[] wire = pipe.aToB().tapped();
        int frames = 0;
        for (int off = (int) handshakeBytes; off < wire.length; frames++) {
            int len = ((wire[off] & 0xff) << 8) | (wire[off + 1] & 0xff);
            assertThat(len).isBetween(17, 65535);
            off += 2 + len;
            assertThat(off).isLessThanOrEqualTo(wire.length);
        }
        assertThat(frames).isEqualTo((data.length + NoiseSession.MAX_PLAINTEXT - 1) / NoiseSession.MAX_PLAINTEXT);

        // the other direction, with flush per message
        p.responder().out().write("pong".getBytes());
        p.responder().out().flush();
        byte[] four = p.initiator().in().readNBytes(4);
        assertThat(new String(four)).isEqualTo("pong");
    }

    @Test
    void smallWritesStayBufferedUntilFlush() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        Pair p = connect(pipe);
        int before = pipe.aToB().tapped().length;
        p.initiator().out().write(new byte[] {1, 2, 3});
        assertThat(pipe.aToB().tapped()).hasSize(before);
        p.initiator().out().flush();
        assertThat(pipe.aToB().tapped()).hasSize(before + 2 + 3 + 16);
        assertThat(p.responder().in().readNBytes(3)).containsExactly(1, 2, 3);
    }

    @Test
    void cleanEofAtAFrameBoundary() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        Pair p = connect(pipe);
        p.initiator().out().write(new byte[] {9});
        p.initiator().closeWrite();
        assertThat(p.responder().in().read()).isEqualTo(9);
        assertThat(p.responder().in().read()).isEqualTo(-1);
    }

    @Test
    void truncatedFrameIsAnError() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        Pair p = connect(pipe);
        pipe.a().out().write(new byte[] {0x00, 0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        pipe.a().closeWrite();
        assertThatThrownBy(() -> p.responder().in().read()).isInstanceOf(NoiseException.class)
                .hasMessageContaining("EOF inside a frame");
    }

    @Test
    void frameShorterThanATagIsAnError() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        Pair p = connect(pipe);
        pipe.a().out().write(new byte[] {0x00, 0x05, 1, 2, 3, 4, 5});
        assertThatThrownBy(() -> p.responder().in().read()).isInstanceOf(NoiseException.class)
                .hasMessageContaining("frame length 5");
    }

    @Test
    void forgedFrameFailsAndTheFailureIsSticky() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        Pair p = connect(pipe);
        // twin: a genuine frame first
        p.initiator().out().write(new byte[] {42});
        p.initiator().out().flush();
        assertThat(p.responder().in().read()).isEqualTo(42);
        byte[] forged = new byte[2 + 40];
        forged[1] = 40;
        new Random(1).nextBytes(java.nio.ByteBuffer.wrap(forged, 2, 40).array());
        forged[0] = 0;
        forged[1] = 40;
        pipe.a().out().write(forged);
        assertThatThrownBy(() -> p.responder().in().read()).isInstanceOf(NoiseException.class)
                .hasMessageContaining("bad tag");
        assertThatThrownBy(() -> p.responder().in().read()).isInstanceOf(NoiseException.class);
    }

    @Test
    void replayedFrameFailsBecauseTheNonceMovedOn() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        Pair p = connect(pipe);
        int before = pipe.aToB().tapped().length;
        p.initiator().out().write(new byte[] {1, 2});
        p.initiator().out().flush();
        byte[] wire = pipe.aToB().tapped();
        byte[] frame = java.util.Arrays.copyOfRange(wire, before, wire.length);
        assertThat(p.responder().in().readNBytes(2)).containsExactly(1, 2);
        pipe.a().out().write(frame);
        assertThatThrownBy(() -> p.responder().in().read()).isInstanceOf(NoiseException.class);
    }

    @Test
    void nonceExhaustionClosesTheConnection() throws Exception {
        dev.ferry.crypto.AeadCipher aead = dev.ferry.crypto.ChaCha20Poly1305.best();
        CipherState send = new CipherState(aead);
        send.initializeKey(fill(5));
        send.setNonce(-3L); // 2^64-3: two more frames, then the reserved nonce
        CipherState recv = new CipherState(aead);
        recv.initializeKey(fill(6));
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        var id = side(1, 2, ALICE_PRIV, FAST).identity();
        NoiseSession s = new NoiseSession(pipe.a(), send, recv, id.peerId(), id.peerId(),
                id.peerId().extractPublicKey().orElseThrow(), java.util.List.of(), java.util.Optional.empty(), new byte[32]);
        s.out().write(1);
        s.out().flush();
        s.out().write(2);
        s.out().flush();
        s.out().write(3);
        assertThatThrownBy(() -> s.out().flush()).isInstanceOf(NoiseException.class).hasMessageContaining("nonce");
        assertThatThrownBy(() -> s.out().write(4)).isInstanceOf(NoiseException.class);
        // the raw stream was closed: the peer sees the two frames then EOF
        byte[] wire = readAll(pipe.b().in());
        assertThat(wire).hasSize(2 * (2 + 1 + 16));
    }
}
