package dev.ferry.net.security.noise;

import dev.ferry.testing.net.MemoryPipe;
import static dev.ferry.net.security.noise.NoiseTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Deterministic XX transcripts: fixed identity, static and ephemeral keys injected through the random source. */
class NoiseHandshakeTest {

    record Transcript(byte[] initiatorBytes, byte[] responderBytes, byte[] hashI, byte[] hashR) {}

    static Transcript run() throws Exception {
        Side i = side(1, 2, ALICE_PRIV, FAST);
        Side r = side(3, 4, BOB_PRIV, FAST);
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        Pair p = handshake(i, r, pipe, r.peer());
        assertThat(p.initiator().remotePeer()).isEqualTo(r.peer());
        assertThat(p.responder().remotePeer()).isEqualTo(i.peer());
        return new Transcript(pipe.aToB().tapped(), pipe.bToA().tapped(), p.initiator().handshakeHash(),
                p.responder().handshakeHash());
    }

    @Test
    void firstMessageIsTheFramedEphemeralKey() throws Exception {
        Transcript t = run();
        // msg 1 = 0x0020 ‖ e.pub with an empty payload; e = RFC 7748 Alice
        assertThat(HexFormat.of().formatHex(t.initiatorBytes(), 0, 34)).isEqualTo("0020" + ALICE_PUB);
        // msg 2 starts with the responder's ephemeral key (RFC 7748 Bob)
        assertThat(HexFormat.of().formatHex(t.responderBytes(), 2, 34)).isEqualTo(BOB_PUB);
    }

    @Test
    void bothSidesAgreeAndTheTranscriptIsDeterministic() throws Exception {
        Transcript t1 = run();
        Transcript t2 = run();
        assertThat(t1.hashI()).isEqualTo(t1.hashR());
        assertThat(t1.initiatorBytes()).isEqualTo(t2.initiatorBytes());
        assertThat(t1.responderBytes()).isEqualTo(t2.responderBytes());
        assertThat(t1.hashI()).isEqualTo(t2.hashI());
        // sizes from the spec: msg2 = 32 + 48 + payload + 16, msg3 = 48 + payload + 16 (same payload size: ed25519)
        int msg2 = ((t1.responderBytes()[0] & 0xff) << 8) | (t1.responderBytes()[1] & 0xff);
        int msg3 = ((t1.initiatorBytes()[34] & 0xff) << 8) | (t1.initiatorBytes()[35] & 0xff);
        assertThat(msg2 - 32 - 48 - 16).isEqualTo(msg3 - 48 - 16).isPositive();
        assertThat(t1.responderBytes()).hasSize(2 + msg2);
        assertThat(t1.initiatorBytes()).hasSize(34 + 2 + msg3);
    }

    /**
     * Frozen after the same implementation interoperated with js-libp2p (Libp2pInteropTest): any change to the
     * transcript (hashing order, payload encoding, key derivation) shows up here.
     */
    @Test
    void transcriptHashIsFrozen() throws Exception {
        Transcript t = run();
        assertThat(HexFormat.of().formatHex(t.hashI())).isEqualTo("7f87f8ebc288ff303f994b0ee4e9b7bb0545f90fd444ee0e17df9871e3d9da4a");
    }

    @Test
    void replayingTheRecordedResponderMessageSucceeds() throws Exception {
        Transcript t = run();
        Side i = side(1, 2, ALICE_PRIV, FAST);
        ScriptedStream s = new ScriptedStream(t.responderBytes());
        NoiseSession session = i.noise().secureOutbound(s, null);
        assertThat(s.out.toByteArray()).isEqualTo(t.initiatorBytes());
        assertThat(session.handshakeHash()).isEqualTo(t.hashI());
    }

    @Test
    void anyModifiedByteOfMessageTwoFailsTheInitiator() throws Exception {
        Transcript t = run();
        for (int pos = 2; pos < t.responderBytes().length; pos++) {
            byte[] forged = t.responderBytes().clone();
            forged[pos] ^= 0x01;
            Side i = side(1, 2, ALICE_PRIV, FAST);
            ScriptedStream s = new ScriptedStream(forged);
            int at = pos;
            assertThatThrownBy(() -> i.noise().secureOutbound(s, null))
                    .as("flipped byte %d", at)
                    .isInstanceOf(NoiseException.class);
            assertThat(s.closed).isTrue();
        }
    }

    @Test
    void anyModifiedByteOfMessageThreeFailsTheResponder() throws Exception {
        Transcript t = run();
        byte[] fromInitiator = t.initiatorBytes();
        // responder replay twin: unmodified input succeeds
        Side r0 = side(3, 4, BOB_PRIV, FAST);
        NoiseSession ok = r0.noise().secureInbound(new ScriptedStream(fromInitiator));
        assertThat(ok.handshakeHash()).isEqualTo(t.hashR());
        for (int pos = 36; pos < fromInitiator.length; pos++) {
            byte[] forged = fromInitiator.clone();
            forged[pos] ^= 0x80;
            Side r = side(3, 4, BOB_PRIV, FAST);
            int at = pos;
            assertThatThrownBy(() -> r.noise().secureInbound(new ScriptedStream(forged)))
                    .as("flipped byte %d", at)
                    .isInstanceOf(NoiseException.class);
        }
    }
}
