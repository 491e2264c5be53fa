package dev.ferry.net.autonat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.wire.AutonatCodec;
import dev.ferry.net.autonat.wire.AutonatMessage;
import dev.ferry.net.autonat.wire.AutonatMessage.Dial;
import dev.ferry.net.autonat.wire.AutonatMessage.DialResponse;
import dev.ferry.net.autonat.wire.AutonatMessage.PeerInfo;
import dev.ferry.net.autonat.wire.ResponseStatus;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server and client on loopback hosts (private addresses allowed, as a closed network would). */
@Timeout(60)
class AutonatTest {
    static final AutonatConfig LOOPBACK = AutonatConfig.defaults().withAllowPrivate(true)
            .withDialTimeout(Duration.ofSeconds(2));

    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    record Peer(Host host, IdentifyService identify) {}

    Peer peer() throws IOException {
        Host h = hosts.start();
        return new Peer(h, IdentifyService.install(h));
    }

    /** {@code client} connected to {@code server} and knowing (identify) that it serves AutoNAT. */
    static void connect(Peer client, Peer server) throws Exception {
        client.host().connect(TestHosts.dialable(server.host()));
        assertThat(client.identify().awaitPeer(server.host().peerId(),
                p -> p.protocols().contains(AutonatServer.PROTOCOL_ID), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aReachablePeerIsDialledBackOnAFreshConnectionAndBecomesPublic() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatServer.install(server.host(), LOOPBACK);
        AutonatClient autonat = AutonatClient.create(client.host(), LOOPBACK);
        List<Connection> inbound = new CopyOnWriteArrayList<>();
        client.host().addListener(new HostListener() {
            @Override
            public void connected(Connection c) {
                if (c.direction() == Direction.INBOUND) {
                    inbound.add(c);
                }
            }
        });
        connect(client, server);
        assertThat(autonat.servers()).containsExactly(server.host().peerId());

        ProbeResult r = autonat.probe(server.host().peerId());

        assertThat(r.status()).isEqualTo(ResponseStatus.OK);
        // the observed address (our outgoing port) answers nothing; our listening one does
        assertThat(r.address()).contains(client.host().listenAddresses().getFirst());
        // one connection came in, under a throwaway identity: not one more connection to the server to open streams on
        // (admitted on its own accept thread, which may finish just after the answer arrives)
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (inbound.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(inbound).hasSize(1).extracting(Connection::remotePeer).doesNotContain(server.host().peerId());
        assertThat(client.host().connections(server.host().peerId())).hasSize(1);
        assertThat(server.host().connections(client.host().peerId())).hasSize(1); // the dial-back was never kept
        assertThat(autonat.status().reachability()).isEqualTo(Reachability.PUBLIC);
        assertThat(autonat.status().publicAddress()).contains(client.host().listenAddresses().getFirst());
        assertThat(autonat.status().probes()).isEqualTo(1);
    }

    @Test
    void aPeerAnnouncingOnlyAClosedPortIsPrivateAndTheAnswerWaitsForTheDialTimeout() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatServer s = AutonatServer.install(server.host(), LOOPBACK);
        AutonatClient autonat = AutonatClient.create(client.host(), LOOPBACK);
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0)) {
            closedPort = ss.getLocalPort();
        }
        client.host().setAnnounceAddresses(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + closedPort)));
        connect(client, server);

        long start = System.nanoTime();
        ProbeResult r = autonat.probe(server.host().peerId());

        assertThat(r.status()).isEqualTo(ResponseStatus.E_DIAL_ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(LOOPBACK.dialTimeout());
        assertThat(autonat.status().reachability()).isEqualTo(Reachability.PRIVATE);
        assertThat(s.answered()).containsEntry(ResponseStatus.E_DIAL_ERROR, 1L);
    }

    @Test
    void aRequesterInsideTheAddressFiltersOrAtAPrivateIpIsRefused() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatServer.install(server.host(), LOOPBACK);
        AutonatClient autonat = AutonatClient.create(client.host(), LOOPBACK);
        connect(client, server);
        server.host().addrFilters().add(List.of(IpCidr.parse("/ip4/127.0.0.0/ipcidr/8")));

        ProbeResult r = autonat.probe(server.host().peerId());

        assertThat(r.status()).isEqualTo(ResponseStatus.E_DIAL_REFUSED);
        assertThat(autonat.status().reachability()).isEqualTo(Reachability.UNKNOWN); // a refusal says nothing
        assertThat(autonat.status().confidence()).isZero();

        Peer strict = peer();
        AutonatServer.install(strict.host(), AutonatConfig.defaults()); // loopback is private
        connect(client, strict);
        ProbeResult r2 = autonat.probe(strict.host().peerId());
        assertThat(r2.status()).isEqualTo(ResponseStatus.E_DIAL_REFUSED);
        assertThat(r2.text()).contains("blocked observed address");
    }

    @Test
    void theServerThrottlesPerPeerAndForEveryone() throws Exception {
        Peer server = peer();
        AutonatServer.install(server.host(), LOOPBACK.withThrottle(3, 2, Duration.ofMinutes(1)));
        Peer a = peer();
        Peer b = peer();
        AutonatClient ca = AutonatClient.create(a.host(), LOOPBACK);
        AutonatClient cb = AutonatClient.create(b.host(), LOOPBACK);
        connect(a, server);
        connect(b, server);
        var id = server.host().peerId();

        assertThat(ca.probe(id).status()).isEqualTo(ResponseStatus.OK);
        assertThat(ca.probe(id).status()).isEqualTo(ResponseStatus.OK);
        ProbeResult third = ca.probe(id);
        assertThat(third.status()).isEqualTo(ResponseStatus.E_DIAL_REFUSED);
        assertThat(third.text()).isEqualTo("too many dials");
        assertThat(cb.probe(id).status()).isEqualTo(ResponseStatus.OK); // b has its own share…
        assertThat(cb.probe(id).status()).isEqualTo(ResponseStatus.E_DIAL_REFUSED); // …but the global 3 are used
    }

    @Test
    void badRequestsGetBadRequestAndGarbageGetsAReset() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatServer.install(server.host(), LOOPBACK);
        connect(client, server);
        var id = server.host().peerId();

        assertThat(ask(client.host(), id, new Dial(null)))
                .isEqualTo(DialResponse.of(ResponseStatus.E_BAD_REQUEST, "missing peer info"));
        byte[] someoneElse = hosts.start().peerId().bytes();
        assertThat(ask(client.host(), id, new Dial(new PeerInfo(someoneElse, List.of()))))
                .isEqualTo(DialResponse.of(ResponseStatus.E_BAD_REQUEST, "peer id mismatch"));
        assertThat(ask(client.host(), id, new Dial(new PeerInfo(new byte[] {1, 2}, List.of()))))
                .isEqualTo(DialResponse.of(ResponseStatus.E_BAD_REQUEST, "bad peer id"));

        // a response where a request belongs, and bytes that are no message: the stream is reset
        assertThatThrownBy(() -> ask(client.host(), id, DialResponse.of(ResponseStatus.OK, "")))
                .isInstanceOf(IOException.class);
        try (NegotiatedStream s = client.host().newStream(id, AutonatServer.PROTOCOL_ID)) {
            assertThatThrownBy(() -> {
                s.out().write(new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                s.out().flush(); // may already meet the reset
                if (AutonatCodec.read(s.in()) == null) {
                    throw new IOException("ended without an answer");
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("reset");
        }
        assertThat(server.host().isConnected(client.host().peerId())).isTrue(); // only the streams failed
    }

    static DialResponse ask(Host h, dev.ferry.identity.PeerId server, AutonatMessage m) throws IOException {
        try (NegotiatedStream s = h.newStream(server, AutonatServer.PROTOCOL_ID)) {
            AutonatCodec.write(s.out(), m);
            AutonatMessage answer = AutonatCodec.read(s.in());
            if (!(answer instanceof DialResponse r)) {
                throw new IOException("no response: " + answer);
            }
            return r;
        }
    }

    @Test
    void aDisabledServerIsNoLongerAskedAndCheckAsksUpToN() throws Exception {
        Peer client = peer();
        AutonatClient autonat = AutonatClient.create(client.host(), LOOPBACK.withSchedule(Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO));
        Peer s1 = peer();
        Peer s2 = peer();
        Peer s3 = peer();
        Peer none = peer(); // no AutoNAT: never a server
        AutonatServer.install(s1.host(), LOOPBACK);
        AutonatServer.install(s2.host(), LOOPBACK);
        AutonatServer off = AutonatServer.install(s3.host(), LOOPBACK);
        connect(client, s1);
        connect(client, s2);
        connect(client, s3);
        client.host().connect(TestHosts.dialable(none.host()));
        client.identify().awaitIdentified(none.host().peerId(), Duration.ofSeconds(10));

        off.disable();
        assertThat(client.identify().awaitPeer(s3.host().peerId(),
                p -> !p.protocols().contains(AutonatServer.PROTOCOL_ID), Duration.ofSeconds(10))).isTrue();
        assertThat(autonat.servers()).containsExactlyInAnyOrder(s1.host().peerId(), s2.host().peerId());

        List<ProbeResult> results = autonat.check(5);
        assertThat(results).extracting(ProbeResult::status).containsExactly(ResponseStatus.OK, ResponseStatus.OK);
        assertThat(autonat.status().reachability()).isEqualTo(Reachability.PUBLIC);
        assertThat(autonat.status().confidence()).isEqualTo(1);
        assertThat(autonat.check(1)).hasSize(1);
    }

    @Test
    void probingByItselfFindsANewServerAtOnce() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatServer.install(server.host(), LOOPBACK);
        AutonatClient autonat = AutonatClient.create(client.host(), LOOPBACK.withSchedule(Duration.ZERO,
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1))).startProbing();
        try {
            connect(client, server);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (autonat.status().reachability() != Reachability.PUBLIC && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(autonat.status().reachability()).isEqualTo(Reachability.PUBLIC);
            assertThat(autonat.servers()).isEmpty(); // asked already: not again within the per-server interval
        } finally {
            autonat.close();
        }
    }
}
