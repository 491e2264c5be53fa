package dev.ferry.net.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.LimitedConnectionException;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.ping.PingService;
import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.net.relay.wire.HopMessage;
import dev.ferry.net.relay.wire.Peer;
import dev.ferry.net.relay.wire.RelayCodec;
import dev.ferry.net.relay.wire.Status;
import dev.ferry.net.relay.wire.StopMessage;
import dev.ferry.net.relay.wire.Voucher;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A relay R, a reserving peer A and a dialling peer B, all hosts on 127.0.0.1. */
@Timeout(60)
class RelayTest {
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    record Node(Host host, RelayClient client, PingService ping, IdentifyService identify) {}

    Node node() throws IOException {
        Host h = hosts.start();
        return new Node(h, RelayClient.install(h), PingService.install(h), IdentifyService.install(h));
    }

    Host relay(RelayLimits limits) throws IOException {
        Host r = hosts.start();
        RelayService.install(r, limits);
        IdentifyService.install(r);
        return r;
    }

    static Multiaddr through(Host relay, Host target) {
        return TestHosts.dialable(relay).encapsulate("/p2p-circuit/p2p/" + target.peerId());
    }

    @Test
    void aPeerReachesAReservedPeerThroughTheRelayAndPingsAndIdentifiesIt() throws Exception {
        Host r = relay(RelayLimits.defaults());
        Node a = node();
        Node b = node();

        RelayReservation res = a.client().reserve(TestHosts.dialable(r));

        assertThat(res.relay()).isEqualTo(r.peerId());
        assertThat(res.voucher()).isEqualTo(new Voucher(r.peerId(), a.host().peerId(), res.expiry().getEpochSecond()));
        assertThat(res.limit().durationSeconds()).isEqualTo(120);
        assertThat(res.limit().dataBytes()).isEqualTo(128 * 1024);
        Multiaddr circuit = r.listenAddresses().getFirst().encapsulate("/p2p/" + r.peerId() + "/p2p-circuit");
        assertThat(res.circuits()).contains(circuit);
        assertThat(a.host().announceAddresses()).contains(circuit);

        Connection c = b.host().connect(through(r, a.host()));

        assertThat(c.remotePeer()).isEqualTo(a.host().peerId());
        assertThat(c.limited()).isTrue();
        assertThat(c.remoteAddress()).contains(circuit);
        // the peer store keeps the circuit as A's address, not the relay's own
        assertThat(b.host().peerStore().addresses(a.host().peerId())).contains(circuit)
                .doesNotContain(r.listenAddresses().getFirst());
        assertThat(b.ping().ping(a.host().peerId())).isPositive();
        assertThat(b.identify().awaitPeer(a.host().peerId(),
                p -> p.protocols().contains(PingService.PROTOCOL_ID), Duration.ofSeconds(10))).isTrue();
        // the other side sees the same: a limited connection from B through R
        Connection back = a.host().connections(b.host().peerId()).getFirst();
        assertThat(back.limited()).isTrue();
        assertThat(back.remoteAddress()).contains(circuit);
    }

    @Test
    void insideAPrivateNetworkTheRelayedConnectionIsProtectedByItsKeyToo() throws Exception {
        SwarmKey key = SwarmKey.generate(new SecureRandom());
        HostConfig inside = HostConfig.defaults().withPrivateNetwork(key);
        Host r = hosts.start(inside);
        RelayService.install(r, RelayLimits.defaults());
        Host a = hosts.start(inside);
        Host b = hosts.start(inside);
        RelayClient.install(a).reserve(TestHosts.dialable(r));
        RelayClient.install(b);
        PingService.install(a);
        PingService ping = PingService.install(b);

        Connection c = b.connect(through(r, a));

        assertThat(c.limited()).isTrue();
        assertThat(ping.ping(a.peerId())).isPositive();
        // both ends put the private network's layer (nonces, XSalsa20) on the relayed stream, as on any raw
        // connection: were one end to skip it, the other's Noise would read noise and the upgrade would fail
    }

    @Test
    void protocolsThatDoNotOptInAreRefusedOverARelayedConnection() throws Exception {
        Host r = relay(RelayLimits.defaults());
        Node a = node();
        Node b = node();
        a.host().setHandler("/test/echo", s -> s.in().transferTo(s.out()));
        a.client().reserve(TestHosts.dialable(r));
        Connection c = b.host().connect(through(r, a.host()));

        assertThatThrownBy(() -> c.newStream("/test/echo")).isInstanceOf(LimitedConnectionException.class);

        // once both allow it, it runs: the echo carries bytes end to end
        a.host().allowOnLimitedConnections("/test/echo");
        b.host().allowOnLimitedConnections("/test/echo");
        byte[] data = new byte[20_000];
        ThreadLocalRandom.current().nextBytes(data);
        try (NegotiatedStream s = c.newStream("/test/echo")) {
            s.out().write(data);
            s.closeWrite();
            assertThat(s.in().readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void withoutAReservationTheRelayRefusesTheCircuit() throws Exception {
        Host r = relay(RelayLimits.defaults());
        Node a = node();
        Node b = node();
        a.host().connect(TestHosts.dialable(r)); // connected, but no reservation

        assertThatThrownBy(() -> b.host().connect(through(r, a.host())))
                .isInstanceOfSatisfying(RelayRefusedException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.NO_RESERVATION));
        assertThat(b.host().isConnected(a.host().peerId())).isFalse();
    }

    @Test
    void aCircuitPastItsDataLimitIsReset() throws Exception {
        Host r = relay(RelayLimits.defaults().withCircuitLimit(Duration.ofMinutes(2), 16 * 1024));
        Node a = node();
        Node b = node();
        a.host().setHandler("/test/echo", s -> s.in().transferTo(s.out()));
        a.host().allowOnLimitedConnections("/test/echo");
        b.host().allowOnLimitedConnections("/test/echo");
        a.client().reserve(TestHosts.dialable(r));
        Connection c = b.host().connect(through(r, a.host()));

        byte[] data = new byte[64 * 1024];
        assertThatThrownBy(() -> {
            try (NegotiatedStream s = c.newStream("/test/echo")) {
                s.out().write(data);
                s.closeWrite();
                s.in().readAllBytes();
            }
        }).isInstanceOf(IOException.class);
        awaitClosed(c);
    }

    @Test
    void aCircuitPastItsDurationLimitIsReset() throws Exception {
        Host r = relay(RelayLimits.defaults().withCircuitLimit(Duration.ofSeconds(1), 0));
        Node a = node();
        Node b = node();
        RelayReservation res = a.client().reserve(TestHosts.dialable(r));
        assertThat(res.limit().durationSeconds()).isEqualTo(1);
        assertThat(res.limit().dataBytes()).isZero();
        Connection c = b.host().connect(through(r, a.host()));
        assertThat(c.isOpen()).isTrue();

        awaitClosed(c);
    }

    @Test
    void reservationsAndCircuitsAreCapped() throws Exception {
        RelayService[] service = new RelayService[1];
        Host r = hosts.start();
        service[0] = RelayService.install(r, RelayLimits.defaults().withReservations(Duration.ofHours(1), 1, 4, 8)
                .withCircuits(1, 2048));
        Node a = node();
        Node c = node();
        Node b = node();
        a.client().reserve(TestHosts.dialable(r));
        a.client().reserve(TestHosts.dialable(r)); // a refresh passes

        assertThatThrownBy(() -> c.client().reserve(TestHosts.dialable(r)))
                .isInstanceOfSatisfying(RelayRefusedException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.RESERVATION_REFUSED));
        assertThat(service[0].reservationCount()).isEqualTo(1);

        b.host().connect(through(r, a.host()));
        assertThat(service[0].circuitCount()).isEqualTo(1);
        assertThatThrownBy(() -> c.host().connect(through(r, a.host())))
                .isInstanceOfSatisfying(RelayRefusedException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.RESOURCE_LIMIT_EXCEEDED));
    }

    @Test
    void aPerIpCapRefusesMoreReservationsFromOneAddress() throws Exception {
        Host r = hosts.start();
        RelayService.install(r, RelayLimits.defaults().withReservations(Duration.ofHours(1), 128, 4, 1));
        Node a = node();
        Node c = node();
        a.client().reserve(TestHosts.dialable(r));
        assertThatThrownBy(() -> c.client().reserve(TestHosts.dialable(r)))
                .isInstanceOfSatisfying(RelayRefusedException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.RESERVATION_REFUSED));
    }

    @Test
    void malformedAndUnexpectedHopMessagesGetTheirStatus() throws Exception {
        Host r = relay(RelayLimits.defaults());
        Node x = node();
        Connection c = x.host().connect(TestHosts.dialable(r));
        try (NegotiatedStream s = c.newStream(RelayService.HOP_PROTOCOL_ID)) {
            s.out().write(new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            s.out().flush();
            assertThat(RelayCodec.readHop(s.in()).status()).isEqualTo(Status.MALFORMED_MESSAGE);
        }
        try (NegotiatedStream s = c.newStream(RelayService.HOP_PROTOCOL_ID)) {
            RelayCodec.write(s.out(), HopMessage.status(Status.OK));
            assertThat(RelayCodec.readHop(s.in()).status()).isEqualTo(Status.UNEXPECTED_MESSAGE);
        }
        try (NegotiatedStream s = c.newStream(RelayService.HOP_PROTOCOL_ID)) {
            s.out().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}); // a frame far over the cap
            s.out().flush();
            assertThat(RelayCodec.readHop(s.in()).status()).isEqualTo(Status.MALFORMED_MESSAGE);
        }
        // the relay is fine afterwards
        assertThat(x.client().reserve(r.peerId()).relay()).isEqualTo(r.peerId());
    }

    @Test
    void malformedAndUnexpectedStopMessagesAreAnsweredAndAdmitNothing() throws Exception {
        Node a = node();
        Node x = node();
        Connection c = x.host().connect(TestHosts.dialable(a.host()));
        try (NegotiatedStream s = c.newStream(RelayService.STOP_PROTOCOL_ID)) {
            s.out().write(new byte[] {2, 0x08, 0x05});
            s.out().flush();
            assertThat(RelayCodec.readStop(s.in()).status()).isEqualTo(Status.MALFORMED_MESSAGE);
        }
        try (NegotiatedStream s = c.newStream(RelayService.STOP_PROTOCOL_ID)) {
            RelayCodec.write(s.out(), StopMessage.status(Status.OK));
            assertThat(RelayCodec.readStop(s.in()).status()).isEqualTo(Status.UNEXPECTED_MESSAGE);
        }
        // a CONNECT naming someone else than who then answers Noise: the connection is not kept
        PeerId claimed = hosts.start().peerId();
        try (NegotiatedStream s = c.newStream(RelayService.STOP_PROTOCOL_ID)) {
            RelayCodec.write(s.out(), StopMessage.connect(Peer.of(claimed), null));
            assertThat(RelayCodec.readStop(s.in()).status()).isEqualTo(Status.OK);
            s.out().write("garbage instead of a handshake\n".getBytes());
            s.out().flush();
            s.in().readAllBytes();
        } catch (IOException expected) {
            // reset by A
        }
        assertThat(a.host().connections(claimed)).isEmpty();
    }

    @Test
    void whenTheRelayGoesAwayTheReservationAndItsAddressesGo() throws Exception {
        Host r = relay(RelayLimits.defaults());
        Node a = node();
        Node b = node();
        a.client().reserve(TestHosts.dialable(r));
        Connection c = b.host().connect(through(r, a.host()));

        r.close();

        awaitClosed(c);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!a.client().reservations().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(a.client().reservations()).isEmpty();
        assertThat(a.host().announceAddresses()).noneMatch(CircuitAddress::isCircuit);
        assertThatThrownBy(() -> hosts.start().connect(through(r, a.host()))).isInstanceOf(IOException.class);
    }

    @Test
    void aKeptReservationIsRefreshedBeforeItExpires() throws Exception {
        Host r = hosts.start();
        RelayService service = RelayService.install(r,
                RelayLimits.defaults().withReservations(Duration.ofSeconds(2), 128, 4, 8));
        Node a = node();
        a.client().keep(TestHosts.dialable(r));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (a.client().reservations().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        var first = a.client().reservations().getFirst().expiry();

        Thread.sleep(3500); // past the first expiry: held only if refreshed

        assertThat(service.hasReservation(a.host().peerId())).isTrue();
        assertThat(a.client().reservations().getFirst().expiry()).isAfter(first);
        assertThat(a.host().announceAddresses()).anyMatch(CircuitAddress::isCircuit);
    }

    static void awaitClosed(Connection c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (c.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(c.isOpen()).isFalse();
    }
}
