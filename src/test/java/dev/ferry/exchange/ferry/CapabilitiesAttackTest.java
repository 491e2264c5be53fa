package dev.ferry.exchange.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.ferry.wire.CapabilitiesWire;
import dev.ferry.exchange.ferry.wire.WireEnvelope;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A victim node with an honest peer, and an attacker host that writes crafted messages on the protocol. Each attack is
 * refused with its reason, and the honest peer's exchange with the victim still works afterwards (the twin).
 */
@Timeout(90)
class CapabilitiesAttackTest {
    static final long VICTIM_MAX_BITS = 1 << 16;

    final TestHosts hosts = new TestHosts();
    final List<CapabilitiesService> services = new ArrayList<>();
    Host victim;
    CapabilitiesService victimService;
    CapabilitiesEvents victimEvents;
    Host honest;
    CapabilitiesService honestService;

    @BeforeEach
    void setUp() throws Exception {
        victim = hosts.start();
        CapabilitiesConfig config = CapabilitiesConfig.defaults().withMaxFilterBits(VICTIM_MAX_BITS)
                .withPushRate(4, Duration.ofHours(1)).withMinPushInterval(Duration.ZERO);
        victimService = CapabilitiesService.start(victim, victim.identity(),
                () -> BloomFilter.builder(10, 0.01).build(), config);
        services.add(victimService);
        victimEvents = CapabilitiesEvents.on(victimService);
        honest = hosts.start();
        honestService = CapabilitiesService.start(honest, honest.identity(),
                () -> BloomFilter.builder(10, 0.01).build(), CapabilitiesConfig.defaults());
        services.add(honestService);
        honest.connect(TestHosts.dialable(victim));
        victimEvents.awaitUpdate(honest.peerId(), r -> true);
    }

    @AfterEach
    void tearDown() {
        services.forEach(CapabilitiesService::close);
        hosts.close();
    }

    /** The honest peer pushes a new record and the victim takes it. */
    void honestPeerStillExchanges() throws Exception {
        long seq = honestService.update().seq();
        CapabilitiesRecord got = victimEvents.awaitUpdate(honest.peerId(), r -> r.seq() == seq);
        assertThat(got).isEqualTo(honestService.local());
        assertThat(victimService.peerCapabilities(honest.peerId())).contains(got);
    }

    /** An attacker host connected to the victim; the latch opens when that connection closes. */
    record Attacker(Host host, CountDownLatch disconnected) {
        Identity identity() {
            return host.identity();
        }
    }

    Attacker attacker() throws Exception {
        Host m = hosts.start();
        CountDownLatch gone = new CountDownLatch(1);
        m.addListener(new HostListener() {
            @Override
            public void disconnected(Connection connection) {
                gone.countDown();
            }
        });
        m.connect(TestHosts.dialable(victim));
        return new Attacker(m, gone);
    }

    /** Writes {@code raw} on a new stream to the victim and waits until the victim closes or resets it. */
    void sendRaw(Attacker a, byte[] raw) throws IOException {
        try (NegotiatedStream s = a.host().newStream(victim.peerId(), CapabilitiesService.PROTOCOL_ID)) {
            s.out().write(raw);
            s.out().flush();
            s.closeWrite();
            s.in().read();
        } catch (IOException e) {
            // reset by the victim: expected for refused messages
        }
    }

    void send(Attacker a, byte[] envelope) throws IOException {
        sendRaw(a, frame(envelope));
    }

    static byte[] frame(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] signed(Identity id, long seq, BloomFilter index) {
        return CapabilitiesCodec.encode(CapabilitiesCodec.sign(CapabilitiesFixtures.record(id, seq, index), id));
    }

    static BloomFilter small() {
        return BloomFilter.builder(10, 0.01).add(BloomFilterTest.HELLO).build();
    }

    void assertClosed(Attacker a) throws InterruptedException {
        assertThat(a.disconnected().await(20, TimeUnit.SECONDS)).as("the victim closed the connection").isTrue();
        // the victim drops the record once it has processed the close, which may come just after the attacker's
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (victimService.peerCapabilities(a.host().peerId()).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(victimService.peerCapabilities(a.host().peerId())).isEmpty();
    }

    @Test
    void forgedSignatureIsRefusedAndTheConnectionClosed() throws Exception {
        Attacker m = attacker();
        byte[] env = signed(m.identity(), 5, small());
        env[env.length - 1] ^= 0x01;
        send(m, env);
        CapabilitiesEvents.Rejected r = victimEvents.awaitRejection(m.host().peerId(), Rejection.BAD_SIGNATURE);
        assertThat(r.detail()).contains("signature");
        assertClosed(m);
        honestPeerStillExchanges();
    }

    @Test
    void recordClaimingAnotherDidIsRefused() throws Exception {
        long honestSeq = victimService.peerCapabilities(honest.peerId()).orElseThrow().seq();
        Attacker m = attacker();
        // a genuine record of the honest peer (valid signature, newer sequence), replayed by the attacker
        send(m, signed(honest.identity(), Long.MAX_VALUE, small()));
        victimEvents.awaitRejection(m.host().peerId(), Rejection.DID_MISMATCH);
        assertClosed(m);
        assertThat(victimService.peerCapabilities(honest.peerId()).orElseThrow().seq()).isEqualTo(honestSeq);
        honestPeerStillExchanges();
    }

    @Test
    void oldSequenceNumbersAreIgnoredAndEquivocationRefused() throws Exception {
        Attacker m = attacker();
        send(m, signed(m.identity(), 100, small()));
        victimEvents.awaitUpdate(m.host().peerId(), r -> r.seq() == 100);
        send(m, signed(m.identity(), 50, BloomFilter.builder(1, 0.01).build()));
        victimEvents.awaitRejection(m.host().peerId(), Rejection.STALE);
        // the same record again (e.g. over a second connection) is a no-op, not a refusal
        send(m, signed(m.identity(), 100, small()));
        assertThat(m.host().isConnected(victim.peerId())).as("a replay only gets ignored").isTrue();
        assertThat(victimService.peerCapabilities(m.host().peerId()).orElseThrow().seq()).isEqualTo(100);
        assertThat(victimService.peerCapabilities(m.host().peerId()).orElseThrow().mightServe(
                dev.ferry.multiformats.Cid.v0(dev.ferry.multiformats.Multihash.decode(BloomFilterTest.HELLO))))
                .isTrue();
        // a different record under the same number
        send(m, signed(m.identity(), 100, BloomFilter.builder(1, 0.01).build()));
        victimEvents.awaitRejection(m.host().peerId(), Rejection.EQUIVOCATION);
        assertClosed(m);
        assertThat(victimEvents.count(e -> e instanceof CapabilitiesEvents.Rejected r
                && r.reason() == Rejection.STALE)).isEqualTo(1);
        honestPeerStillExchanges();
    }

    @Test
    void oversizedFilterIsRefused() throws Exception {
        Attacker m = attacker();
        send(m, signed(m.identity(), 1, BloomFilter.withGeometry(VICTIM_MAX_BITS * 2, 3).build()));
        victimEvents.awaitRejection(m.host().peerId(), Rejection.OVERSIZED);
        assertClosed(m);
        honestPeerStillExchanges();
    }

    @Test
    void oversizedFrameIsRefusedBeforeAllocating() throws Exception {
        Attacker m = attacker();
        // a length prefix of 1 GiB followed by nothing: refused on the prefix alone
        sendRaw(m, Varint.encode(1L << 30));
        victimEvents.awaitRejection(m.host().peerId(), Rejection.OVERSIZED);
        assertClosed(m);
        honestPeerStillExchanges();
    }

    @Test
    void filterHeaderClaimingAbsurdSizeIsRefused() throws Exception {
        Attacker m = attacker();
        // a properly signed record whose filter header claims 2^40 bits (with a 1-byte body)
        byte[] absurd = HexFormat.of().parseHex("01" + "8080808080200101" + "00");
        dev.ferry.exchange.ferry.wire.WireRecord w = new dev.ferry.exchange.ferry.wire.WireRecord(
                m.identity().did().toString(), 1, true, true, 1, "", List.of(), absurd, false, 0, 0);
        byte[] record = CapabilitiesWire.encodeRecord(w);
        byte[] env = CapabilitiesWire.encodeEnvelope(new WireEnvelope(record,
                m.identity().sign(CapabilitiesCodec.signingBytes(record))));
        send(m, env);
        victimEvents.awaitRejection(m.host().peerId(), Rejection.OVERSIZED);
        assertClosed(m);
        honestPeerStillExchanges();
    }

    @Test
    void malformedProtobufIsRefused() throws Exception {
        Attacker m = attacker();
        send(m, HexFormat.of().parseHex("0aff01deadbeef"));
        victimEvents.awaitRejection(m.host().peerId(), Rejection.MALFORMED);
        assertClosed(m);
        Attacker twoMessages = attacker();
        byte[] one = frame(signed(twoMessages.identity(), 1, small()));
        sendRaw(twoMessages, CapabilitiesCodecTest.concat(one, one));
        victimEvents.awaitRejection(twoMessages.host().peerId(), Rejection.MALFORMED);
        assertClosed(twoMessages);
        honestPeerStillExchanges();
    }

    @Test
    void aSlowSenderHoldsOneDecodeSlotOnly() throws Exception {
        Attacker m = attacker();
        // first stream: a length prefix and then nothing, holding its slot until the exchange timeout
        NegotiatedStream slow = m.host().newStream(victim.peerId(), CapabilitiesService.PROTOCOL_ID);
        slow.out().write(Varint.encode(1000));
        slow.out().flush();
        // a second stream from the same peer meanwhile is refused; the first one is still being read
        // (retried: the victim may not have started reading the slow stream when the first one arrives; the burst of
        // 4 leaves 3 tries)
        for (int i = 0; i < 3 && victimService.rejections().get(Rejection.BUSY) == 0; i++) {
            send(m, signed(m.identity(), 1, small()));
        }
        victimEvents.awaitRejection(m.host().peerId(), Rejection.BUSY);
        assertThat(m.host().isConnected(victim.peerId())).isTrue();
        // other peers are not held up by it
        honestPeerStillExchanges();
        slow.reset();
    }

    @Test
    void floodsOfPushesAreRateLimited() throws Exception {
        Attacker m = attacker();
        for (int i = 1; i <= 8; i++) {
            send(m, signed(m.identity(), i, small()));
        }
        victimEvents.awaitRejection(m.host().peerId(), Rejection.RATE_LIMITED);
        // burst of 4: the first four were taken, the rest reset unread
        assertThat(victimService.peerCapabilities(m.host().peerId()).orElseThrow().seq()).isEqualTo(4);
        assertThat(victimService.rejections().get(Rejection.RATE_LIMITED)).isEqualTo(4);
        assertThat(m.host().isConnected(victim.peerId())).as("rate limiting does not close").isTrue();
        honestPeerStillExchanges();
    }
}
