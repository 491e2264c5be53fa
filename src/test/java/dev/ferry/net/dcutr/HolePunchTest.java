package dev.ferry.net.dcutr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.dcutr.wire.HolePunch;
import dev.ferry.net.dcutr.wire.HolePunchCodec;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.LimitedConnectionException;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.ping.PingService;
import dev.ferry.net.relay.RelayClient;
import dev.ferry.net.relay.RelayLimits;
import dev.ferry.net.relay.RelayService;
import dev.ferry.net.transport.TcpPortReuse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hosts on 127.0.0.1: A reserves on relay R, B reaches A through R, and DCUtR gives them a direct connection. */
@Timeout(60)
class HolePunchTest {
    static final String ECHO = "/test/echo/1";
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    record Peer(Host host, RelayClient client, HolePunchService dcutr) {}

    Peer peer(HolePunchConfig config) throws IOException {
        return peer(config, HostConfig.defaults());
    }

    Peer peer(HolePunchConfig config, HostConfig hostConfig) throws IOException {
        Host h = hosts.start(hostConfig);
        IdentifyService.install(h);
        PingService.install(h);
        h.setHandler(ECHO, s -> s.in().transferTo(s.out())); // not allowed over relays
        return new Peer(h, RelayClient.install(h), config == null ? null : HolePunchService.install(h, config));
    }

    Host relay() throws IOException {
        Host r = hosts.start();
        RelayService.install(r, RelayLimits.defaults());
        IdentifyService.install(r);
        return r;
    }

    static Multiaddr through(Host relay, Host target) {
        return TestHosts.dialable(relay).encapsulate("/p2p-circuit/p2p/" + target.peerId());
    }

    static boolean within(Duration d, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    static boolean direct(Host h, PeerId peer) {
        return h.connections(peer).stream().anyMatch(c -> c.isOpen() && !c.limited());
    }

    static String echo(Host from, PeerId to, String text) throws IOException {
        try (NegotiatedStream s = from.newStream(to, ECHO)) {
            s.out().write(text.getBytes(StandardCharsets.UTF_8));
            s.closeWrite();
            return new String(s.in().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    interface Send {
        void to(NegotiatedStream s) throws IOException;
    }

    /** What {@code send} writes gets no answer: the stream is reset or ended, whether at the write or the read. */
    static void refused(Connection c, Send send) throws IOException {
        try (NegotiatedStream s = c.newStream(HolePunchService.PROTOCOL_ID)) {
            assertThatThrownBy(() -> {
                send.to(s);
                s.out().flush();
                if (HolePunchCodec.read(s.in()) == null) {
                    throw new java.io.EOFException("ended");
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aRelayedConnectionIsUpgradedToADirectOneAndTheRelayedOneClosedAfterTheGrace() throws Exception {
        Host r = relay();
        HolePunchConfig config = HolePunchConfig.defaults().withRelayedGrace(Duration.ofSeconds(2));
        Peer a = peer(config);
        Peer b = peer(config);
        a.client().reserve(TestHosts.dialable(r));

        Connection relayed = b.host().connect(through(r, a.host()));
        assertThat(relayed.limited()).isTrue();
        assertThatThrownBy(() -> relayed.newStream(ECHO)).isInstanceOf(LimitedConnectionException.class);

        // A, to which the relay brought the connection, initiates; both then hold a direct connection
        assertThat(within(Duration.ofSeconds(15), () -> direct(b.host(), a.host().peerId())
                && direct(a.host(), b.host().peerId()))).as(() -> a.dcutr().stats() + " " + b.dcutr().stats()).isTrue();
        assertThat(within(Duration.ofSeconds(5), () -> a.dcutr().stats().succeeded() == 1)).isTrue();
        assertThat(a.dcutr().stats().initiated()).isEqualTo(1);
        assertThat(b.dcutr().stats().synced()).isEqualTo(1); // through the protocol, not a dial of A's own
        assertThat(b.dcutr().stats().initiated()).isZero();

        // a protocol that refuses limited connections now runs, both ways, on the direct connection
        assertThat(echo(b.host(), a.host().peerId(), "hello")).isEqualTo("hello");
        assertThat(echo(a.host(), b.host().peerId(), "back")).isEqualTo("back");
        assertThat(b.host().connect(a.host().peerId()).limited()).isFalse();
        // the relayed connection goes once the grace has passed
        assertThat(within(Duration.ofSeconds(10), () -> !relayed.isOpen())).isTrue();
        assertThat(within(Duration.ofSeconds(5), () -> a.host().connections(b.host().peerId()).stream()
                .noneMatch(Connection::limited))).isTrue();
        assertThat(echo(b.host(), a.host().peerId(), "still")).isEqualTo("still");
    }

    @Test
    void withPortReuseTheDialsMeetOnTheListenPortsAndTheRolesHold() throws Exception {
        // each side dials from its listen port to the other's: on loopback the two dials share one 4-tuple, so they
        // meet as a simultaneous open, or one lands in a listener and the other falls back to an ephemeral port (the
        // responder's then meets a responder, and gives up once the initiator's dial is in)
        HostConfig reuse = HostConfig.defaults().withTcpPortReuse(TcpPortReuse.ALL);
        Host r = relay();
        HolePunchConfig config = HolePunchConfig.defaults().withRelayedGrace(Duration.ofSeconds(1));
        Peer a = peer(config, reuse);
        Peer b = peer(config, reuse);
        a.client().reserve(TestHosts.dialable(r));
        long start = System.nanoTime();
        b.host().connect(through(r, a.host()));

        assertThat(within(Duration.ofSeconds(10), () -> direct(b.host(), a.host().peerId())
                && direct(a.host(), b.host().peerId()))).as(() -> a.dcutr().stats() + " " + b.dcutr().stats()).isTrue();
        assertThat(within(Duration.ofSeconds(5), () -> b.dcutr().stats().synced() == 1
                && a.dcutr().stats().succeeded() == 1)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no upgrade timeout waited")
                .isLessThan(HostConfig.defaults().upgradeTimeout());
        assertThat(echo(b.host(), a.host().peerId(), "hello")).isEqualTo("hello");
        assertThat(echo(a.host(), b.host().peerId(), "back")).isEqualTo("back");
        // the direct connection at A came from B's listen port, or B's came from A's
        Multiaddr aListen = a.host().listenAddresses().getFirst();
        Multiaddr bListen = b.host().listenAddresses().getFirst();
        assertThat(a.host().connections(b.host().peerId()).stream().filter(c -> !c.limited() && c.isOpen())
                .anyMatch(c -> c.remoteAddress().orElseThrow().equals(bListen)
                        || c.localAddress().orElseThrow().equals(aListen))).isTrue();
    }

    @Test
    void theConnectCarriesTheObservedAddressesFirstThenTheAnnouncedOnes() throws Exception {
        Host r = relay();
        Peer a = peer(null); // asks by hand
        Peer b = peer(HolePunchConfig.defaults());
        a.host().allowOnLimitedConnections(HolePunchService.PROTOCOL_ID);
        b.client().reserve(TestHosts.dialable(r));
        Connection relayed = a.host().connect(through(r, b.host()));
        Host bh = b.host();
        Multiaddr local = bh.listenAddresses().getFirst();
        Multiaddr confirmed = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");
        Multiaddr guess = Multiaddr.parse("/ip4/203.0.113.7/tcp/4999");
        Multiaddr hidden = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
        for (int i = 1; i <= 4; i++) {
            bh.observedAddresses().observe(local, Multiaddr.parse("/ip4/198.51.100." + i + "/tcp/1"), confirmed,
                    bh.listenAddresses());
        }
        bh.observedAddresses().observe(local, Multiaddr.parse("/ip4/198.51.100.9/tcp/1"), guess,
                bh.listenAddresses());
        bh.observedAddresses().observe(local, Multiaddr.parse("/ip4/198.51.100.9/tcp/1"), hidden,
                bh.listenAddresses());
        bh.setNoAnnounce(dev.ferry.net.host.AnnounceFilter.parse(List.of("/ip4/192.0.2.0/ipcidr/24")));
        assertThat(bh.announceAddresses()).contains(confirmed).doesNotContain(guess, hidden)
                .anyMatch(x -> x.toString().contains("p2p-circuit"));

        try (NegotiatedStream s = relayed.newStream(HolePunchService.PROTOCOL_ID)) {
            HolePunchCodec.write(s.out(), HolePunch.connect(a.host().listenAddresses()));
            HolePunch answer = HolePunchCodec.read(s.in());
            assertThat(answer.type()).isEqualTo(HolePunch.Type.CONNECT);
            assertThat(answer.obsAddrs()).containsExactly(confirmed, guess, local);
        }
    }

    @Test
    void relayedAndDirectConnectionsCountApartInThePerPeerLimit() throws Exception {
        // both sides of a hole punch dial at once: beside the relayed connection, each then has two direct ones
        Host r = relay();
        HostConfig one = HostConfig.defaults().withMaxConnectionsPerPeer(1);
        Host a = hosts.start(one);
        Host b = hosts.start(one);
        RelayClient.install(a).reserve(TestHosts.dialable(r));
        RelayClient.install(b);
        Connection relayed = b.connect(through(r, a));

        Connection direct = b.connectDirect(a.peerId(), a.listenAddresses());

        assertThat(direct.limited()).isFalse();
        assertThat(relayed.isOpen()).isTrue();
        assertThat(b.connections(a.peerId())).containsExactlyInAnyOrder(relayed, direct);
        assertThat(within(Duration.ofSeconds(5), () -> a.connections(b.peerId()).size() == 2)).isTrue();
        assertThat(a.connections(b.peerId())).anyMatch(Connection::limited).anyMatch(x -> !x.limited());
    }

    @Test
    void anUnreachablePeerStaysRelayedAfterTheAttemptsAndNothingLeaks() throws Exception {
        Host r = relay();
        Peer a = peer(HolePunchConfig.defaults());
        Peer b = peer(HolePunchConfig.defaults());
        // both tell an address where nobody listens: every dial is refused
        a.host().setAnnounceAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")));
        b.host().setAnnounceAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1")));
        a.client().reserve(TestHosts.dialable(r));

        Connection relayed = b.host().connect(through(r, a.host()));

        assertThat(within(Duration.ofSeconds(20), () -> a.dcutr().stats().attempts() == 3
                && b.dcutr().stats().synced() == 3)).isTrue();
        Thread.sleep(500);
        assertThat(a.dcutr().stats().succeeded()).isZero();
        assertThat(a.dcutr().stats().attempts()).isEqualTo(3); // no more than the spec's attempts
        assertThat(relayed.isOpen()).isTrue();
        assertThat(b.host().connections(a.host().peerId())).containsExactly(relayed);
        assertThat(a.host().connections(b.host().peerId())).hasSize(1).allMatch(Connection::limited);
        assertThat(within(Duration.ofSeconds(5), () -> relayed.openStreams() == 0
                && a.host().connections(b.host().peerId()).getFirst().openStreams() == 0)).isTrue();
        assertThat(PingService.install(b.host()).ping(a.host().peerId())).isPositive(); // the relay still carries
    }

    @Test
    void aPeerWithoutDcutrKeepsTheRelayedConnection() throws Exception {
        Host r = relay();
        Peer a = peer(HolePunchConfig.defaults());
        Peer b = peer(null);
        a.client().reserve(TestHosts.dialable(r));

        Connection relayed = b.host().connect(through(r, a.host()));

        assertThat(within(Duration.ofSeconds(10), () -> a.dcutr().stats().initiated() == 1)).isTrue();
        Thread.sleep(300);
        assertThat(a.dcutr().stats().attempts()).isEqualTo(1); // not supported: no retries
        assertThat(relayed.isOpen()).isTrue();
        assertThat(direct(a.host(), b.host().peerId())).isFalse();
    }

    @Test
    void hostileMessagesAreRefusedAndTheProtocolRunsOnlyOverRelayedConnections() throws Exception {
        Host r = relay();
        Peer a = peer(null); // initiates nothing: B's handler is driven by hand
        Peer b = peer(HolePunchConfig.defaults());
        a.host().allowOnLimitedConnections(HolePunchService.PROTOCOL_ID);
        b.client().reserve(TestHosts.dialable(r));
        Connection relayed = a.host().connect(through(r, b.host()));

        // SYNC first
        refused(relayed, s -> HolePunchCodec.write(s.out(), HolePunch.sync()));
        // an unknown type
        refused(relayed, s -> s.out().write(new byte[] {3, 0x08, (byte) 0xc8, 0x01}));
        // an oversized frame (65537 bytes announced)
        refused(relayed, s -> s.out().write(new byte[] {(byte) 0x81, (byte) 0x80, 0x04}));
        // a CONNECT with nothing dialable (only a circuit): no answer
        refused(relayed, s -> HolePunchCodec.write(s.out(),
                HolePunch.connect(List.of(through(r, a.host()).decapsulate("p2p")))));
        // CONNECT answered, then CONNECT again where SYNC is due
        try (NegotiatedStream s = relayed.newStream(HolePunchService.PROTOCOL_ID)) {
            HolePunchCodec.write(s.out(), HolePunch.connect(a.host().listenAddresses()));
            HolePunch answer = HolePunchCodec.read(s.in());
            assertThat(answer.type()).isEqualTo(HolePunch.Type.CONNECT);
            assertThat(answer.obsAddrs()).containsExactlyElementsOf(b.host().listenAddresses());
            // B resets the stream on reading it: the write itself may already see the reset
            assertThatThrownBy(() -> {
                HolePunchCodec.write(s.out(), HolePunch.connect(a.host().listenAddresses()));
                HolePunchCodec.read(s.in());
            }).isInstanceOf(IOException.class);
        }
        assertThat(b.dcutr().stats().answered()).isEqualTo(1); // the one well-formed CONNECT
        assertThat(b.dcutr().stats().synced()).isZero();
        assertThat(direct(a.host(), b.host().peerId())).isFalse();
        assertThat(relayed.isOpen()).isTrue();

        // over a direct connection the protocol is refused
        Connection plain = a.host().connectDirect(b.host().peerId(), b.host().listenAddresses());
        assertThat(plain.limited()).isFalse();
        refused(plain, s -> HolePunchCodec.write(s.out(), HolePunch.connect(a.host().listenAddresses())));
        assertThat(b.dcutr().stats().answered()).isEqualTo(1);
    }
}
