package dev.ferry.exchange.ferry.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.pin.wire.PinFormatException;
import dev.ferry.exchange.ferry.pin.wire.PinOp;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.exchange.ferry.pin.wire.PinWire;
import dev.ferry.identity.Did;
import dev.ferry.identity.EcdsaPrivateKey;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import dev.ferry.testing.ManualClock;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pin protocol between real hosts on 127.0.0.1. */
@Timeout(30)
class PinServiceTest {
    static final Duration ASK = Duration.ofSeconds(5);
    static final Cid ROOT = Block.raw("pin me".getBytes()).cid();

    final TestHosts hosts = new TestHosts();
    final List<PinService> services = new ArrayList<>();
    final SecureRandom random = new SecureRandom();
    final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        threads.shutdownNow();
        services.forEach(PinService::close);
        hosts.close();
    }

    /** A handler that records what it was given and answers by op. */
    static final class Recorder implements PinHandler {
        record Call(PeerId from, Did requester, PinRequest request) {}

        final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public PinReply handle(PeerId from, Did requester, PinRequest request) {
            calls.add(new Call(from, requester, request));
            return switch (request.op()) {
                case PIN -> new PinReply(PinState.PINNING, "fetching", 10);
                case STATUS -> new PinReply(PinState.PINNED, "", 1234);
                case UNPIN -> PinReply.of(PinState.NOT_PINNED);
            };
        }
    }

    record Peer(Identity id, Host host, PinService service) {
        PeerId peerId() {
            return host.peerId();
        }
    }

    Peer peer(Identity id, PinHandler handler, PinConfig config, InstantSource clock) throws Exception {
        Host h = hosts.start(id);
        PinService s = PinService.start(h, handler, config, clock);
        services.add(s);
        return new Peer(id, h, s);
    }

    Peer peer(PinHandler handler, PinConfig config) throws Exception {
        return peer(Identity.generate(random), handler, config, InstantSource.system());
    }

    Peer peer(PinHandler handler) throws Exception {
        return peer(handler, PinConfig.defaults());
    }

    static void connect(Peer from, Peer to) throws Exception {
        from.host().connect(TestHosts.dialable(to.host()));
    }

    /** Streams the asker still holds on its connection to {@code to}: none once an ask has returned. */
    static int openStreams(Peer from, Peer to) {
        return from.host().connections(to.peerId()).stream().mapToInt(Connection::openStreams).sum();
    }

    static PinHandler unused() {
        return (from, did, req) -> {
            throw new AssertionError("not asked");
        };
    }

    @Test
    void pinStatusAndUnpinReachTheHandlerWithThePeerAndItsDid() throws Exception {
        Recorder rec = new Recorder();
        Peer a = peer(rec);
        Peer b = peer(unused());
        connect(b, a);

        assertThat(b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK))
                .isEqualTo(new PinReply(PinState.PINNING, "fetching", 10));
        assertThat(b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK))
                .isEqualTo(new PinReply(PinState.PINNED, "", 1234));
        assertThat(b.service().ask(a.peerId(), PinRequest.unpin(ROOT), ASK))
                .isEqualTo(PinReply.of(PinState.NOT_PINNED));

        assertThat(rec.calls).extracting(c -> c.request().op()).containsExactly(PinOp.PIN, PinOp.STATUS, PinOp.UNPIN);
        assertThat(rec.calls).allSatisfy(c -> {
            assertThat(c.from()).isEqualTo(b.peerId());
            assertThat(c.requester()).isEqualTo(b.id().did());
            assertThat(c.request().root()).isEqualTo(ROOT);
        });
        assertThat(openStreams(b, a)).isZero();
    }

    @Test
    void anExhaustedBurstIsBusyWithoutTheHandlerAndRefillsWithTime() throws Exception {
        ManualClock clock = new ManualClock();
        Recorder rec = new Recorder();
        Peer a = peer(Identity.generate(random), rec,
                PinConfig.defaults().withRequestRate(2, Duration.ofSeconds(1)), clock);
        Peer b = peer(unused());
        Peer c = peer(unused());
        connect(b, a);
        connect(c, a);

        assertThat(b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK).state()).isEqualTo(PinState.PINNED);
        assertThat(b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK).state()).isEqualTo(PinState.PINNED);
        PinReply busy = b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK);
        assertThat(busy.state()).isEqualTo(PinState.BUSY);
        assertThat(busy.message()).contains("rate");
        assertThat(rec.calls).hasSize(2);
        // the bucket is per peer: another peer is not affected
        assertThat(c.service().ask(a.peerId(), PinRequest.status(ROOT), ASK).state()).isEqualTo(PinState.PINNED);

        // twin: one interval later there is one token again, and only one
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK).state()).isEqualTo(PinState.PINNING);
        assertThat(b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK).state()).isEqualTo(PinState.BUSY);
        assertThat(rec.calls).hasSize(4);
        assertThat(openStreams(b, a)).isZero();
    }

    @Test
    void whenEveryAnswerSlotIsTakenTheNextRequestIsBusy() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder rec = new Recorder();
        PinHandler slow = (from, did, req) -> {
            if (req.op() == PinOp.PIN) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return rec.handle(from, did, req);
        };
        Peer a = peer(slow, PinConfig.defaults().withMaxConcurrent(1));
        Peer b = peer(unused());
        connect(b, a);

        Future<PinReply> first = threads.submit(() -> b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        PinReply busy = b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK);
        assertThat(busy.state()).isEqualTo(PinState.BUSY);
        assertThat(busy.message()).contains("at once");
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).state()).isEqualTo(PinState.PINNING);
        // twin: the slot is free again
        assertThat(b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK).state()).isEqualTo(PinState.PINNED);
        assertThat(rec.calls).extracting(c -> c.request().op()).containsExactly(PinOp.PIN, PinOp.STATUS);
    }

    @Test
    void aThrowingHandlerIsAnsweredFailedAndTheNextRequestWorks() throws Exception {
        Recorder rec = new Recorder();
        PinHandler flaky = (from, did, req) -> {
            if (req.op() == PinOp.PIN) {
                throw new IllegalStateException("secret internal detail");
            }
            return rec.handle(from, did, req);
        };
        Peer a = peer(flaky);
        Peer b = peer(unused());
        connect(b, a);

        PinReply failed = b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK);
        assertThat(failed.state()).isEqualTo(PinState.FAILED);
        assertThat(failed.message()).isNotEmpty().doesNotContain("secret");
        assertThat(b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK).state()).isEqualTo(PinState.PINNED);

        // a handler that returns null is a failure too
        Peer c = peer((from, did, req) -> null);
        connect(b, c);
        assertThat(b.service().ask(c.peerId(), PinRequest.pin(ROOT), ASK).state()).isEqualTo(PinState.FAILED);
    }

    @Test
    void malformedRequestsOnARawStreamAreBadRequestAndThePeerKeepsServing() throws Exception {
        Recorder rec = new Recorder();
        Peer a = peer(rec);
        Peer b = peer(unused());
        connect(b, a);
        HexFormat hex = HexFormat.of();

        for (String junk : List.of(
                "04 08 04 12 00",          // unknown op 4, empty root
                "05 08 01 12 03 015512",   // root is not a CID
                "02 08 01",                // no root
                "81 08",                   // declared length 1025: above the cap
                "ff ff ff ff ff ff ff ff ff ff")) { // not a varint
            try (NegotiatedStream s = b.host().newStream(a.peerId(), PinService.PROTOCOL_ID)) {
                s.out().write(hex.parseHex(junk.replaceAll("#.*", "").replace(" ", "")));
                s.out().flush();
                s.closeWrite();
                PinReply r = PinWire.readReply(s.in());
                assertThat(r).as(junk).isNotNull();
                assertThat(r.state()).as(junk).isEqualTo(PinState.BAD_REQUEST);
                assertThat(r.message()).as(junk).isNotEmpty();
                assertThat(s.in().read()).as("the server closes after its reply").isEqualTo(-1);
            }
        }
        assertThat(rec.calls).isEmpty();
        // twin: a well-formed request written by hand is answered
        try (NegotiatedStream s = b.host().newStream(a.peerId(), PinService.PROTOCOL_ID)) {
            PinWire.writeRequest(s.out(), PinRequest.status(ROOT));
            s.out().flush();
            s.closeWrite();
            assertThat(PinWire.readReply(s.in())).isEqualTo(new PinReply(PinState.PINNED, "", 1234));
        }
        assertThat(b.service().ask(a.peerId(), PinRequest.unpin(ROOT), ASK).state()).isEqualTo(PinState.NOT_PINNED);
    }

    @Test
    void aSilentAskerIsResetAfterTheIdleTimeout() throws Exception {
        Recorder rec = new Recorder();
        Peer a = peer(rec, PinConfig.defaults().withIdleTimeout(Duration.ofMillis(200)));
        Peer b = peer(unused());
        connect(b, a);

        try (NegotiatedStream s = b.host().newStream(a.peerId(), PinService.PROTOCOL_ID)) {
            long start = System.nanoTime();
            // nothing is sent: the server gives up, we see a reset (or at least an end without a reply)
            try {
                assertThat(PinWire.readReply(s.in())).isNull();
            } catch (IOException expected) {
                // reset
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(rec.calls).isEmpty();
        assertThat(b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK).state()).isEqualTo(PinState.PINNED);
    }

    @Test
    void aPeerWithoutTheProtocolGivesAClearException() throws Exception {
        Peer a = peer(new Recorder());
        Peer b = peer(unused());
        connect(b, a);
        a.host().removeHandler(PinService.PROTOCOL_ID);

        assertThatThrownBy(() -> b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK))
                .isInstanceOf(PinProtocolException.class)
                .hasMessageContaining("does not speak /ferry/pin/1.0.0");
        assertThat(b.host().isConnected(a.peerId())).isTrue();
        assertThat(openStreams(b, a)).isZero();
    }

    @Test
    void aPeerWithoutADidKeyIsRefusedWithoutTheHandler() throws Exception {
        Recorder rec = new Recorder();
        Peer a = peer(rec);
        Peer ecdsa = peer(ecdsaIdentity(), unused(), PinConfig.defaults(), InstantSource.system());
        connect(ecdsa, a);

        PinReply r = ecdsa.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK);
        assertThat(r).isEqualTo(PinReply.of(PinState.REFUSED, "no did:key"));
        assertThat(rec.calls).isEmpty();
    }

    @Test
    void noReplyWithinTheTimeoutFailsTheAskAndFreesTheStream() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Peer a = peer((from, did, req) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PinReply.of(PinState.PINNED);
        });
        Peer b = peer(unused());
        connect(b, a);

        long start = System.nanoTime();
        assertThatThrownBy(() -> b.service().ask(a.peerId(), PinRequest.pin(ROOT), Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(openStreams(b, a)).isZero();
        release.countDown();
        assertThat(b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK).state()).isEqualTo(PinState.PINNED);
    }

    @Test
    void aMalformedOrMissingReplyIsAClearIOException() throws Exception {
        Peer a = peer(new Recorder());
        Peer b = peer(unused());
        connect(b, a);

        // a server that answers garbage: state 9
        a.host().setHandler(PinService.PROTOCOL_ID, s -> {
            PinWire.readRequest(s.in());
            PinWire.writeFrame(s.out(), new byte[] {0x08, 0x09});
            s.out().flush();
        });
        assertThatThrownBy(() -> b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK))
                .isInstanceOf(PinFormatException.class)
                .hasMessageContaining("malformed pin reply from " + a.peerId())
                .hasMessageContaining("unknown pin state 9");
        assertThat(openStreams(b, a)).isZero();

        // one that announces a reply above the cap
        a.host().setHandler(PinService.PROTOCOL_ID, s -> {
            PinWire.readRequest(s.in());
            s.out().write(new byte[] {(byte) 0x81, 0x10});
            s.out().flush();
        });
        assertThatThrownBy(() -> b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK))
                .isInstanceOf(PinFormatException.class).hasMessageContaining("2049");

        // one that closes without a reply
        a.host().setHandler(PinService.PROTOCOL_ID, s -> PinWire.readRequest(s.in()));
        assertThatThrownBy(() -> b.service().ask(a.peerId(), PinRequest.pin(ROOT), ASK))
                .isInstanceOf(EOFException.class).hasMessageContaining("without a reply");
        assertThat(openStreams(b, a)).isZero();
    }

    @Test
    void afterCloseTheServiceNeitherServesNorAsks() throws Exception {
        Peer a = peer(new Recorder());
        Peer b = peer(unused());
        connect(b, a);
        assertThat(b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK).state()).isEqualTo(PinState.PINNED);

        a.service().close();
        a.service().close(); // idempotent
        assertThat(a.host().protocols()).doesNotContain(PinService.PROTOCOL_ID);
        assertThatThrownBy(() -> b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK))
                .isInstanceOf(PinProtocolException.class);
        assertThatThrownBy(() -> a.service().ask(b.peerId(), PinRequest.status(ROOT), ASK))
                .isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void rateStateIsDroppedOnceRefilledWhenPeersLeave() throws Exception {
        ManualClock clock = new ManualClock();
        Peer a = peer(Identity.generate(random), new Recorder(),
                PinConfig.defaults().withRequestRate(2, Duration.ofSeconds(1)), clock);
        Peer b = peer(unused());
        Peer c = peer(unused());
        connect(b, a);
        connect(c, a);
        b.service().ask(a.peerId(), PinRequest.status(ROOT), ASK);
        c.service().ask(a.peerId(), PinRequest.status(ROOT), ASK);
        assertThat(a.service().trackedPeers()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(2)); // both refilled: a full bucket is what a new peer would get
        c.service().ask(a.peerId(), PinRequest.status(ROOT), ASK); // twin: c's bucket is not full again
        CountDownLatch gone = new CountDownLatch(1);
        // listeners run in order: when this one hears of the disconnect, the service's sweep has run
        a.host().addListener(new dev.ferry.net.host.HostListener() {
            @Override
            public void disconnected(Connection conn) {
                gone.countDown();
            }
        });
        b.host().connections(a.peerId()).forEach(Connection::close);
        assertThat(gone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.service().trackedPeers()).isEqualTo(1);
    }

    /** A fresh P-256 ECDSA identity: a valid libp2p key without a did:key form. */
    static Identity ecdsaIdentity() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey k = (ECPrivateKey) g.generateKeyPair().getPrivate();
        byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, k.getS(), SECObjectIdentifiers.secp256r1)
                .getEncoded("DER");
        return Identity.fromPrivateKey(EcdsaPrivateKey.of(der));
    }
}
