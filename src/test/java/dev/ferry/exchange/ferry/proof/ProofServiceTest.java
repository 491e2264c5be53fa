package dev.ferry.exchange.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.proof.wire.BlockProof;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofFormatException;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import dev.ferry.testing.ManualClock;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proof protocol between real hosts on 127.0.0.1. */
@Timeout(30)
class ProofServiceTest {
    static final Duration ASK = Duration.ofSeconds(5);
    static final Block BLOCK = Block.raw("prove me".getBytes());

    final TestHosts hosts = new TestHosts();
    final List<ProofService> services = new ArrayList<>();
    final SecureRandom random = new SecureRandom();

    @AfterEach
    void close() {
        services.forEach(ProofService::close);
        hosts.close();
    }

    /** Answers every challenge with the right digest of BLOCK for each block, recording who asked. */
    static final class Holder implements ProofHandler {
        record Call(PeerId from, Did challenger, ProofChallenge challenge) {}

        final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public ProofAnswer handle(PeerId from, Did challenger, ProofChallenge c) {
            calls.add(new Call(from, challenger, c));
            return ProofAnswer.proof(c.blocks().stream().map(b -> b.equals(BLOCK.cid())
                    ? BlockProof.of(ProofWire.digest(c.nonce(), BLOCK.data())) : BlockProof.missing()).toList());
        }
    }

    record Peer(Identity id, Host host, ProofService service) {
        PeerId peerId() {
            return host.peerId();
        }
    }

    Peer peer(ProofHandler handler, ProofConfig config, InstantSource clock) throws Exception {
        Identity id = Identity.generate(random);
        Host h = hosts.start(id);
        ProofService s = ProofService.start(h, handler, config, clock);
        services.add(s);
        return new Peer(id, h, s);
    }

    Peer peer(ProofHandler handler) throws Exception {
        return peer(handler, ProofConfig.defaults(), InstantSource.system());
    }

    static ProofHandler unused() {
        return (from, did, c) -> {
            throw new AssertionError("not asked");
        };
    }

    ProofChallenge challenge(Cid... blocks) {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        return new ProofChallenge(BLOCK.cid(), nonce, List.of(blocks));
    }

    static int openStreams(Peer from, Peer to) {
        return from.host().connections(to.peerId()).stream().mapToInt(Connection::openStreams).sum();
    }

    @Test
    void aChallengeReachesTheHandlerWithThePeerAndItsDidAndTheDigestsComeBackInOrder() throws Exception {
        Holder holder = new Holder();
        Peer a = peer(holder);
        Peer b = peer(unused());
        b.host().connect(TestHosts.dialable(a.host()));
        Cid other = Block.raw("not here".getBytes()).cid();
        ProofChallenge c = challenge(other, BLOCK.cid());

        ProofAnswer answer = b.service().challenge(a.peerId(), c, ASK);
        assertThat(answer.state()).isEqualTo(ProofState.PROOF);
        assertThat(answer.blocks()).containsExactly(BlockProof.missing(),
                BlockProof.of(ProofWire.digest(c.nonce(), BLOCK.data())));
        assertThat(holder.calls).singleElement().satisfies(call -> {
            assertThat(call.from()).isEqualTo(b.peerId());
            assertThat(call.challenger()).isEqualTo(b.id().did());
            assertThat(call.challenge()).isEqualTo(c);
        });
        assertThat(openStreams(b, a)).isZero();
    }

    @Test
    void anExhaustedBurstIsBusyWithoutTheHandler() throws Exception {
        ManualClock clock = new ManualClock();
        Holder holder = new Holder();
        Peer a = peer(holder, ProofConfig.defaults().withRequestRate(1, Duration.ofSeconds(1)), clock);
        Peer b = peer(unused());
        b.host().connect(TestHosts.dialable(a.host()));
        assertThat(b.service().challenge(a.peerId(), challenge(BLOCK.cid()), ASK).state()).isEqualTo(ProofState.PROOF);
        ProofAnswer busy = b.service().challenge(a.peerId(), challenge(BLOCK.cid()), ASK);
        assertThat(busy.state()).isEqualTo(ProofState.BUSY);
        assertThat(busy.blocks()).isEmpty();
        assertThat(holder.calls).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.service().challenge(a.peerId(), challenge(BLOCK.cid()), ASK).state()).isEqualTo(ProofState.PROOF);
    }

    @Test
    void aHandlerThatThrowsOrMiscountsIsAnsweredRefusedWithoutDetail() throws Exception {
        Peer a = peer((from, did, c) -> {
            throw new IllegalStateException("secret internal detail");
        });
        Peer miscount = peer((from, did, c) -> ProofAnswer.proof(List.of(BlockProof.missing(), BlockProof.missing())));
        Peer b = peer(unused());
        b.host().connect(TestHosts.dialable(a.host()));
        b.host().connect(TestHosts.dialable(miscount.host()));
        ProofAnswer refused = b.service().challenge(a.peerId(), challenge(BLOCK.cid()), ASK);
        assertThat(refused.state()).isEqualTo(ProofState.REFUSED);
        assertThat(refused.message()).isNotEmpty().doesNotContain("secret");
        assertThat(b.service().challenge(miscount.peerId(), challenge(BLOCK.cid()), ASK).state())
                .isEqualTo(ProofState.REFUSED);
    }

    @Test
    void malformedChallengesOnARawStreamAreBadRequest() throws Exception {
        Holder holder = new Holder();
        Peer a = peer(holder);
        Peer b = peer(unused());
        b.host().connect(TestHosts.dialable(a.host()));
        HexFormat hex = HexFormat.of();
        for (String junk : List.of(
                "02 0a 00",                // empty root, no nonce
                "81 40",                   // declared length 8193: above the cap
                "ff ff ff ff ff ff ff ff ff ff")) { // not a varint
            try (NegotiatedStream s = b.host().newStream(a.peerId(), ProofService.PROTOCOL_ID)) {
                s.out().write(hex.parseHex(junk.replace(" ", "")));
                s.out().flush();
                s.closeWrite();
                ProofAnswer r = ProofWire.readAnswer(s.in());
                assertThat(r).as(junk).isNotNull();
                assertThat(r.state()).as(junk).isEqualTo(ProofState.BAD_REQUEST);
                assertThat(r.message()).as(junk).isNotEmpty();
            }
        }
        assertThat(holder.calls).isEmpty();
        assertThat(b.service().challenge(a.peerId(), challenge(BLOCK.cid()), ASK).state()).isEqualTo(ProofState.PROOF);
    }

    @Test
    void aPeerWithoutTheProtocolGivesAClearException() throws Exception {
        Peer a = peer(new Holder());
        Peer b = peer(unused());
        b.host().connect(TestHosts.dialable(a.host()));
        a.host().removeHandler(ProofService.PROTOCOL_ID);
        assertThatThrownBy(() -> b.service().challenge(a.peerId(), challenge(BLOCK.cid()), ASK))
                .isInstanceOf(ProofProtocolException.class).hasMessageContaining("does not speak /ferry/proof/1.0.0");
        assertThat(b.host().isConnected(a.peerId())).isTrue();
    }

    @Test
    void noAnswerWithinTheTimeoutFailsTheChallengeAndFreesTheStream() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Holder holder = new Holder();
        Peer a = peer((from, did, c) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return holder.handle(from, did, c);
        });
        Peer b = peer(unused());
        b.host().connect(TestHosts.dialable(a.host()));
        assertThatThrownBy(() -> b.service().challenge(a.peerId(), challenge(BLOCK.cid()), Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("300 ms");
        assertThat(openStreams(b, a)).isZero();
        release.countDown();
    }

    @Test
    void aProofOfAnotherBlockCountIsAFormatErrorOnTheChallengingSide() throws Exception {
        // a holder that writes its own answer, bypassing the server's check
        Peer a = peer(new Holder());
        a.host().setHandler(ProofService.PROTOCOL_ID, s -> {
            try {
                ProofWire.readChallenge(s.in());
                ProofWire.writeAnswer(s.out(), ProofAnswer.proof(List.of(BlockProof.missing(), BlockProof.missing())));
                s.out().flush();
                s.closeWrite();
            } catch (java.io.IOException e) {
                s.reset();
            }
        });
        Peer b = peer(unused());
        b.host().connect(TestHosts.dialable(a.host()));
        assertThatThrownBy(() -> b.service().challenge(a.peerId(), challenge(BLOCK.cid()), ASK))
                .isInstanceOf(ProofFormatException.class).hasMessageContaining("2 blocks");
    }
}
