package dev.ferry.net.security.noise;

import static dev.ferry.net.security.noise.NoiseTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.security.noise.wire.NoisePayloadCodec;
import dev.ferry.testing.net.MemoryPipe;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Early muxer negotiation in the Noise payload extensions (specs: connections/inlined-muxer-negotiation.md). */
class NoiseEarlyMuxerTest {
    static final String YAMUX = "/yamux/1.0.0";
    static final String MPLEX = "/mplex/6.7.0";

    static Pair run(List<String> initiatorMuxers, List<String> responderMuxers) throws Exception {
        Side i = side(1, 2, ALICE_PRIV, FAST.withStreamMuxers(initiatorMuxers));
        Side r = side(3, 4, BOB_PRIV, FAST.withStreamMuxers(responderMuxers));
        return handshake(i, r, MemoryPipe.create(64 * 1024), r.peer());
    }

    @Test
    void bothListingYamuxAgreeOnItOnBothSides() throws Exception {
        Pair p = run(List.of(YAMUX), List.of(YAMUX));
        assertThat(p.initiator().earlyMuxer()).contains(YAMUX);
        assertThat(p.responder().earlyMuxer()).contains(YAMUX);
        assertThat(p.initiator().remoteStreamMuxers()).containsExactly(YAMUX);
        assertThat(p.responder().remoteStreamMuxers()).containsExactly(YAMUX);
        // the session works right after: the muxer's first bytes would go here
        p.initiator().out().write(new byte[] {0, 1, 2});
        p.initiator().out().flush();
        assertThat(p.responder().in().readNBytes(3)).containsExactly(0, 1, 2);
    }

    @Test
    void theInitiatorsPreferenceDecides() throws Exception {
        // the spec's example: the initiator prefers yamux, the responder mplex; the result is the initiator's first
        Pair p = run(List.of(YAMUX, MPLEX), List.of(MPLEX, YAMUX));
        assertThat(p.initiator().earlyMuxer()).contains(YAMUX);
        assertThat(p.responder().earlyMuxer()).contains(YAMUX);
        Pair q = run(List.of(MPLEX, YAMUX), List.of(YAMUX, MPLEX));
        assertThat(q.initiator().earlyMuxer()).contains(MPLEX);
        assertThat(q.responder().earlyMuxer()).contains(MPLEX);
        // a muxer only one side knows is skipped
        Pair s = run(List.of("/other/1", YAMUX), List.of(MPLEX, YAMUX));
        assertThat(s.initiator().earlyMuxer()).contains(YAMUX);
        assertThat(s.responder().earlyMuxer()).contains(YAMUX);
    }

    @Test
    void aSideListingNoneLeavesTheMuxerToMultistreamOnBothSides() throws Exception {
        Pair p = run(List.of(YAMUX), List.of());
        assertThat(p.initiator().earlyMuxer()).isEmpty();
        assertThat(p.responder().earlyMuxer()).isEmpty();
        assertThat(p.initiator().remoteStreamMuxers()).isEmpty();
        assertThat(p.responder().remoteStreamMuxers()).containsExactly(YAMUX);
        Pair q = run(List.of(), List.of(YAMUX));
        assertThat(q.initiator().earlyMuxer()).isEmpty();
        assertThat(q.responder().earlyMuxer()).isEmpty();
        assertThat(q.initiator().remoteStreamMuxers()).containsExactly(YAMUX);
    }

    @Test
    void noMuxerInCommonFailsTheHandshakeOnBothSides() throws Exception {
        Side i = side(1, 2, ALICE_PRIV, FAST.withStreamMuxers(List.of(YAMUX)));
        Side r = side(3, 4, BOB_PRIV, FAST.withStreamMuxers(List.of(MPLEX)));
        MemoryPipe.Ends pipe = MemoryPipe.create(64 * 1024);
        CompletableFuture<NoiseSession> resp = CompletableFuture.supplyAsync(() -> {
            try {
                return r.noise().secureInbound(pipe.b());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, t -> Thread.ofVirtual().start(t));
        assertThatThrownBy(() -> i.noise().secureOutbound(pipe.a(), r.peer()))
                .isInstanceOf(NoiseException.class).hasMessageContaining("no stream muxer in common");
        assertThatThrownBy(() -> resp.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().cause().isInstanceOf(NoiseException.class).hasMessageContaining("no stream muxer in common");
    }

    @Test
    void eachSideSendsItsMuxersInItsOwnMessage() throws Exception {
        // message 2 grows by the responder's extension, message 3 by the initiator's (a 12-byte id: 2 + 2 + 12 bytes)
        MemoryPipe.Ends plain = MemoryPipe.tapped();
        handshake(side(1, 2, ALICE_PRIV, FAST), side(3, 4, BOB_PRIV, FAST), plain, null);
        MemoryPipe.Ends withR = MemoryPipe.tapped();
        handshake(side(1, 2, ALICE_PRIV, FAST), side(3, 4, BOB_PRIV, FAST.withStreamMuxers(List.of(YAMUX))), withR,
                null);
        MemoryPipe.Ends withI = MemoryPipe.tapped();
        handshake(side(1, 2, ALICE_PRIV, FAST.withStreamMuxers(List.of(YAMUX))), side(3, 4, BOB_PRIV, FAST), withI,
                null);
        int ext = 2 + 2 + YAMUX.length();
        assertThat(withR.bToA().tapped().length).isEqualTo(plain.bToA().tapped().length + ext);
        assertThat(withR.aToB().tapped().length).isEqualTo(plain.aToB().tapped().length);
        assertThat(withI.aToB().tapped().length).isEqualTo(plain.aToB().tapped().length + ext);
        assertThat(withI.bToA().tapped().length).isEqualTo(plain.bToA().tapped().length);
    }

    @Test
    void agreementFollowsTheSpecsRule() throws Exception {
        assertThat(EarlyMuxer.agree(List.of(), List.of(YAMUX))).isEmpty();
        assertThat(EarlyMuxer.agree(List.of(YAMUX), List.of())).isEmpty();
        assertThat(EarlyMuxer.agree(List.of(MPLEX, YAMUX), List.of(YAMUX, MPLEX))).isEqualTo(Optional.of(MPLEX));
        assertThatThrownBy(() -> EarlyMuxer.agree(List.of(MPLEX), List.of(YAMUX))).isInstanceOf(NoiseException.class);
    }

    @Test
    void configRefusesMuxerIdsThePeerWouldRefuse() {
        assertThatThrownBy(() -> FAST.withStreamMuxers(List.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FAST.withStreamMuxers(List.of("/" + "x".repeat(NoisePayloadCodec.MAX_MUXER_ID))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FAST.withStreamMuxers(java.util.Collections.nCopies(NoisePayloadCodec.MAX_MUXERS + 1,
                YAMUX))).isInstanceOf(IllegalArgumentException.class);
        assertThat(FAST.withStreamMuxers(List.of(YAMUX)).streamMuxers()).containsExactly(YAMUX);
    }
}
