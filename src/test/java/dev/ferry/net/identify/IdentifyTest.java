package dev.ferry.net.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.PeerInfo;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.wire.IdentifyCodec;
import dev.ferry.net.identify.wire.IdentifyMessage;
import dev.ferry.multiformats.Varint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class IdentifyTest {
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    @Test
    void bothSidesIdentifyEachOtherOnConnect() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        IdentifyService ia = IdentifyService.install(a, "ferry/test-a");
        IdentifyService ib = IdentifyService.install(b, "ferry/test-b");
        b.setHandler("/echo/1.0.0", s -> s.in().transferTo(s.out()));
        a.connect(TestHosts.dialable(b));
        IdentifyMessage fromB = ia.awaitIdentified(b.peerId(), Duration.ofSeconds(10));
        ib.awaitIdentified(a.peerId(), Duration.ofSeconds(10));
        assertThat(fromB.agentVersion()).isEqualTo("ferry/test-b");
        assertThat(fromB.protocolVersion()).isEqualTo("ipfs/0.1.0");
        PeerInfo seenByA = a.peerStore().get(b.peerId()).orElseThrow();
        assertThat(seenByA.agentVersion()).isEqualTo("ferry/test-b");
        assertThat(seenByA.protocols()).contains("/echo/1.0.0", IdentifyService.PROTOCOL_ID,
                IdentifyService.PUSH_PROTOCOL_ID);
        assertThat(seenByA.addresses()).contains(b.listenAddresses().getFirst());
        PeerInfo seenByB = b.peerStore().get(a.peerId()).orElseThrow();
        assertThat(seenByB.agentVersion()).isEqualTo("ferry/test-a");
        assertThat(seenByB.addresses()).contains(a.listenAddresses().getFirst());
        // b saw a's dialling socket; a learns that as its observed address
        assertThat(ia.observedAddresses()).anySatisfy(o -> assertThat(o.toString()).startsWith("/ip4/127.0.0.1/tcp/"));
        // each sent its signed peer record, checked and kept by the other
        var recordOfB = a.peerStore().signedRecord(b.peerId()).orElseThrow().record();
        assertThat(recordOfB.peerId()).isEqualTo(b.peerId());
        assertThat(recordOfB.addresses()).isEqualTo(b.announceAddresses());
        assertThat(b.peerStore().signedRecord(a.peerId()).orElseThrow().record().addresses())
                .isEqualTo(a.announceAddresses());
    }

    @Test
    void theNewestRecordOfAPeerIsKept() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        var other = dev.ferry.identity.Identity.generate(new java.security.SecureRandom());
        var older = dev.ferry.net.record.SignedPeerRecord.create(b.identity(), 5,
                List.of(Multiaddr.parse("/ip4/192.0.2.5/tcp/1")));
        var newer = dev.ferry.net.record.SignedPeerRecord.create(b.identity(), 9,
                List.of(Multiaddr.parse("/ip4/192.0.2.9/tcp/1")));
        a.peerStore().setSignedRecord(newer);
        a.peerStore().setSignedRecord(older); // an older sequence does not replace a newer one
        assertThat(a.peerStore().signedRecord(b.peerId()).orElseThrow()).isEqualTo(newer);
        assertThat(a.peerStore().signedRecord(other.peerId())).isEmpty();
    }

    @Test
    void pushWhenHandlersChange() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        IdentifyService ia = IdentifyService.install(a);
        IdentifyService.install(b);
        a.connect(TestHosts.dialable(b));
        ia.awaitIdentified(b.peerId(), Duration.ofSeconds(10));
        assertThat(a.peerStore().protocols(b.peerId())).doesNotContain("/new/1.0.0");
        b.setHandler("/new/1.0.0", s -> {});
        assertThat(ia.awaitPeer(b.peerId(), p -> p.protocols().contains("/new/1.0.0"), Duration.ofSeconds(10)))
                .isTrue();
        // and removal is pushed too
        b.removeHandler("/new/1.0.0");
        assertThat(ia.awaitPeer(b.peerId(), p -> !p.protocols().contains("/new/1.0.0"), Duration.ofSeconds(10)))
                .isTrue();
    }

    @Test
    void multipleMessagesAreMergedUntilEof() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeMsg(out, IdentifyMessage.of(null, List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/1").bytes()),
                List.of("/a/1"), null, "ipfs/0.1.0", "go-libp2p"));
        writeMsg(out, new IdentifyMessage(null, List.of(), List.of(), null, null, null, new byte[] {1, 2}, false,
                false));
        IdentifyMessage m = IdentifyService.readAll(new ByteArrayInputStream(out.toByteArray()));
        assertThat(m.agentVersion()).isEqualTo("go-libp2p");
        assertThat(m.protocols()).containsExactly("/a/1");
        assertThat(m.listenAddrs()).hasSize(1);
        assertThat(m.signedPeerRecord()).containsExactly(1, 2);
    }

    @Test
    void moreThan64KiBIsRejected() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(70_000, out);
        out.write(new byte[10]);
        assertThatThrownBy(() -> IdentifyService.readAll(new ByteArrayInputStream(out.toByteArray())))
                .isInstanceOf(IOException.class).hasMessageContaining("64 KiB");
        // twin: a large but allowed message (about 8 KiB of protocols) passes
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        List<String> many = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "/proto/number/" + i + "/1.0.0").toList();
        writeMsg(ok, IdentifyMessage.of(null, List.of(), many, null, null, "x"));
        assertThat(IdentifyService.readAll(new ByteArrayInputStream(ok.toByteArray())).protocols()).hasSize(200);
    }

    @Test
    void truncatedOrEmptyStreamsAreErrors() throws Exception {
        assertThatThrownBy(() -> IdentifyService.readAll(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(IOException.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeMsg(out, IdentifyMessage.of(null, List.of(), List.of("/a"), null, null, "x"));
        byte[] all = out.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(all, all.length - 1);
        assertThatThrownBy(() -> IdentifyService.readAll(new ByteArrayInputStream(cut)))
                .isInstanceOf(IOException.class);
    }

    static void writeMsg(ByteArrayOutputStream out, IdentifyMessage m) throws IOException {
        byte[] body = IdentifyCodec.encode(m);
        Varint.write(body.length, out);
        out.write(body);
    }

    @Test
    void aPushThatNeverEndsIsReset() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start(dev.ferry.net.host.HostConfig.defaults().withStreamIdleTimeout(Duration.ofMillis(500)));
        IdentifyService.install(a);
        IdentifyService.install(b);
        a.connect(TestHosts.dialable(b));
        dev.ferry.net.host.NegotiatedStream s = a.newStream(b.peerId(), IdentifyService.PUSH_PROTOCOL_ID);
        s.out().write(Varint.encode(100));
        s.out().write(new byte[10]); // 10 of the 100 bytes announced, and no half-close
        s.out().flush();
        assertThat(dev.ferry.testing.net.StreamEnds.await(s, Duration.ofSeconds(10)).end())
                .isEqualTo(dev.ferry.testing.net.StreamEnds.End.RESET);
    }
}
