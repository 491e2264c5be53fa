package dev.ferry.net.autonat.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.autonat.v2.wire.AutonatV2Codec;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialResponse;
import dev.ferry.net.autonat.v2.wire.DialBack;
import dev.ferry.net.autonat.v2.wire.DialResponseStatus;
import dev.ferry.net.autonat.v2.wire.DialStatus;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.HostListener;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server and client on loopback hosts. Loopback is private: both allow private addresses here, as a closed network
 * would; the refusal of loopback by default is checked on its own.
 */
@Timeout(90)
class AutonatV2Test {
    static final AutonatV2Config LOOPBACK = AutonatV2Config.defaults().withAllowPrivate(true)
            .withDialTimeout(Duration.ofSeconds(2)).withDialData(30_000, 100_000, Duration.ZERO);

    final TestHosts hosts = new TestHosts();
    final List<Host> extra = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        extra.forEach(Host::close);
        hosts.close();
    }

    record Peer(Host host, IdentifyService identify) {}

    Peer peer() throws IOException {
        Host h = hosts.start();
        return new Peer(h, IdentifyService.install(h));
    }

    /** A peer listening on 127.0.0.1 and 127.0.0.2: the second is another IP than the one it dials out from. */
    Peer twoIpPeer() throws IOException {
        Host h = new Host(Identity.generate(new SecureRandom()), HostConfig.defaults(), new SecureRandom(),
                InstantSource.system());
        extra.add(h);
        h.start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.2/tcp/0")));
        return new Peer(h, IdentifyService.install(h));
    }

    /** {@code client} connected to {@code server} and knowing (identify) that it serves AutoNAT v2. */
    static void connect(Peer client, Peer server) throws Exception {
        client.host().connect(TestHosts.dialable(server.host()));
        assertThat(client.identify().awaitPeer(server.host().peerId(),
                p -> p.protocols().contains(AutonatV2Server.DIAL_REQUEST), Duration.ofSeconds(10))).isTrue();
    }

    static Multiaddr closedPort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0)) {
            return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + ss.getLocalPort());
        }
    }

    @Test
    void aReachableAddressIsDialledBackWithTheNonceOnAFreshConnection() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatV2Server s = AutonatV2Server.install(server.host(), LOOPBACK);
        AutonatV2Client autonat = AutonatV2Client.create(client.host(), LOOPBACK);
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
        Multiaddr mine = client.host().listenAddresses().getFirst();
        assertThat(autonat.followed()).containsExactly(mine);

        AddressProbeResult r = autonat.probe(server.host().peerId(), List.of(mine));

        assertThat(r.status()).isEqualTo(DialResponseStatus.OK);
        assertThat(r.dialStatus()).isEqualTo(DialStatus.OK);
        assertThat(r.address()).contains(mine);
        assertThat(r.observation()).isEqualTo(Reachability.PUBLIC);
        assertThat(r.dialDataBytes()).isZero(); // the same IP as the request's: no dial data
        assertThat(inbound).hasSize(1).extracting(Connection::remotePeer).doesNotContain(server.host().peerId());
        assertThat(server.host().connections(client.host().peerId())).hasSize(1); // the dial-back was not kept
        assertThat(autonat.verdict(mine).reachability()).isEqualTo(Reachability.UNKNOWN); // one result: not yet
        assertThat(autonat.servers()).isEmpty(); // asked: not again within the per-server interval

        autonat.probe(server.host().peerId(), List.of(mine));
        AddressVerdict v = autonat.verdict(mine);
        assertThat(v.reachability()).isEqualTo(Reachability.PUBLIC);
        assertThat(v.successes()).isEqualTo(2);
        assertThat(v.lastResult()).isPresent();
        assertThat(autonat.wantingProbe()).containsExactly(mine); // a lead of 2: decided, not settled
        assertThat(s.answered()).containsEntry("OK", 2L);
        assertThat(autonat.probes()).isEqualTo(2);
    }

    @Test
    void anUnreachableAddressIsPrivateAndTheServerDialsTheFirstItWill() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatV2Server s = AutonatV2Server.install(server.host(), LOOPBACK);
        AutonatV2Client autonat = AutonatV2Client.create(client.host(), LOOPBACK);
        connect(client, server);
        Multiaddr closed = closedPort();
        Multiaddr quic = Multiaddr.parse("/ip4/127.0.0.1/udp/4001/quic-v1"); // a transport it has not
        Multiaddr dns = Multiaddr.parse("/dns4/localhost/tcp/4001"); // a name it does not dial

        AddressProbeResult r = autonat.probe(server.host().peerId(), List.of(quic, dns, closed,
                client.host().listenAddresses().getFirst()));
        autonat.probe(server.host().peerId(), List.of(closed));

        assertThat(r.status()).isEqualTo(DialResponseStatus.OK);
        assertThat(r.dialStatus()).isEqualTo(DialStatus.E_DIAL_ERROR);
        assertThat(r.address()).contains(closed); // index 2: exactly one address dialled
        assertThat(r.observation()).isEqualTo(Reachability.PRIVATE);
        assertThat(autonat.verdict(closed).reachability()).isEqualTo(Reachability.PRIVATE);
        assertThat(autonat.verdict(client.host().listenAddresses().getFirst()).successes()).isZero();
        assertThat(s.answered()).containsEntry("E_DIAL_ERROR", 2L);
    }

    @Test
    void anotherIpCostsDialDataWhichTheClientSends() throws Exception {
        Peer server = peer();
        Peer client = twoIpPeer();
        AutonatV2Server s = AutonatV2Server.install(server.host(), LOOPBACK);
        AutonatV2Client autonat = AutonatV2Client.create(client.host(), LOOPBACK);
        connect(client, server); // from 127.0.0.1
        Multiaddr other = client.host().listenAddresses().stream()
                .filter(a -> a.toString().startsWith("/ip4/127.0.0.2/")).findFirst().orElseThrow();

        AddressProbeResult r = autonat.probe(server.host().peerId(), List.of(other));

        assertThat(r.dialDataBytes()).isBetween(30_000L, 100_000L);
        assertThat(s.dialDataAsked()).isEqualTo(1);
        assertThat(r.dialStatus()).isEqualTo(DialStatus.OK);
        assertThat(r.observation()).isEqualTo(Reachability.PUBLIC);

        // more than the client will pay: it resets, nothing is recorded
        Peer greedy = peer();
        AutonatV2Server.install(greedy.host(), LOOPBACK.withDialData(200_000, 300_000, Duration.ZERO));
        connect(client, greedy);
        assertThatThrownBy(() -> autonat.probe(greedy.host().peerId(), List.of(other)))
                .hasMessageContaining("refusing dial data request");
        assertThat(autonat.verdict(other).successes()).isEqualTo(1);

        // and the dial data limit holds for everyone
        Peer stingy = peer();
        AutonatV2Server.install(stingy.host(), LOOPBACK.withLimits(60, 12, 1, 2));
        connect(client, stingy);
        assertThat(autonat.probe(stingy.host().peerId(), List.of(other)).dialDataBytes()).isPositive();
        AddressProbeResult rejected = autonat.probe(stingy.host().peerId(), List.of(other));
        assertThat(rejected.status()).isEqualTo(DialResponseStatus.E_REQUEST_REJECTED);
        assertThat(rejected.observation()).isEqualTo(Reachability.UNKNOWN);
        // the same IP needs none, so it is served still
        assertThat(autonat.probe(stingy.host().peerId(), List.of(client.host().listenAddresses().getFirst()))
                .status()).isEqualTo(DialResponseStatus.OK);
    }

    @Test
    void aServerThatNeverBringsOurNonceIsNotBelieved() throws Exception {
        Peer liar = peer();
        Peer client = peer();
        AutonatV2Client autonat = AutonatV2Client.create(client.host(), LOOPBACK.withSchedule(Duration.ZERO,
                Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO));
        List<String> refusedNonce = new CopyOnWriteArrayList<>();
        // dials back for real, but with another nonce, then claims success
        liar.host().setHandler(AutonatV2Server.DIAL_REQUEST, s -> {
            AutonatV2Message m = AutonatV2Codec.read(s.in());
            DialRequest req = (DialRequest) m;
            Multiaddr at = Multiaddr.decode(req.addrs().getFirst());
            liar.host().dialProbe(s.remotePeer(), List.of(at), Duration.ofSeconds(5), c -> {
                try (NegotiatedStream back = c.newStream(AutonatV2Server.DIAL_BACK)) {
                    AutonatV2Codec.write(back.out(), new DialBack(req.nonce() + 1));
                    back.closeWrite();
                    AutonatV2Codec.readDialBackResponse(back.in());
                    refusedNonce.add("answered");
                } catch (IOException e) {
                    refusedNonce.add(e.getMessage()); // the client resets a nonce not its own
                }
            });
            AutonatV2Codec.write(s.out(), new DialResponse(DialResponseStatus.OK, 0, DialStatus.OK));
            s.closeWrite();
        });
        connect(client, liar);
        Multiaddr mine = client.host().listenAddresses().getFirst();

        long start = System.nanoTime();
        assertThatThrownBy(() -> autonat.probe(liar.host().peerId(), List.of(mine)))
                .hasMessageContaining("no dial-back brought our nonce");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(autonat.verdict(mine).successes()).isZero();
        assertThat(refusedNonce).singleElement().asString().contains("reset");

        // claiming a dial it never made, or naming an address it was not given, is no better
        liar.host().setHandler(AutonatV2Server.DIAL_REQUEST, s -> {
            AutonatV2Codec.read(s.in());
            AutonatV2Codec.write(s.out(), new DialResponse(DialResponseStatus.OK, 5, DialStatus.E_DIAL_ERROR));
            s.closeWrite();
        });
        assertThatThrownBy(() -> autonat.probe(liar.host().peerId(), List.of(mine)))
                .hasMessageContaining("invalid DialResponse");
        assertThat(autonat.verdict(mine).failures()).isZero();
    }

    @Test
    void refusalsAndTheirReasons() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatV2Server.install(server.host(), LOOPBACK);
        AutonatV2Client autonat = AutonatV2Client.create(client.host(), LOOPBACK);
        connect(client, server);
        Multiaddr mine = client.host().listenAddresses().getFirst();
        var id = server.host().peerId();

        // an address naming another peer, and one inside the server's filters
        Multiaddr someoneElses = mine.encapsulate("/p2p/" + hosts.start().peerId());
        assertThat(autonat.probe(id, List.of(someoneElses)).status()).isEqualTo(DialResponseStatus.E_DIAL_REFUSED);
        server.host().addrFilters().add(List.of(IpCidr.parse("/ip4/127.0.0.0/ipcidr/8")));
        AddressProbeResult r = autonat.probe(id, List.of(mine));
        assertThat(r.status()).isEqualTo(DialResponseStatus.E_DIAL_REFUSED);
        assertThat(r.observation()).isEqualTo(Reachability.UNKNOWN);
        assertThat(autonat.verdict(mine).refusals()).isEqualTo(1);
        assertThat(autonat.verdict(mine).reachability()).isEqualTo(Reachability.UNKNOWN); // a refusal says nothing

        // on the Internet, loopback names another machine for every peer: never dialled
        Peer strict = peer();
        AutonatV2Server.install(strict.host(), AutonatV2Config.defaults());
        connect(client, strict);
        assertThat(autonat.probe(strict.host().peerId(), List.of(mine)).status())
                .isEqualTo(DialResponseStatus.E_DIAL_REFUSED);
        // and a default client follows no loopback address of its own
        assertThat(AutonatV2Client.create(hosts.start(), AutonatV2Config.defaults()).followed()).isEmpty();
    }

    @Test
    void resultsAreKeptForFiftyAddressesAtMostTheFollowedOnesFirst() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatV2Server.install(server.host(), LOOPBACK.withLimits(0, 0, 0, 2));
        AutonatV2Client autonat = AutonatV2Client.create(client.host(), LOOPBACK);
        connect(client, server);
        Multiaddr mine = client.host().listenAddresses().getFirst();
        autonat.probe(server.host().peerId(), List.of(mine));
        Multiaddr first = closedPort();
        autonat.probe(server.host().peerId(), List.of(first));
        java.util.Set<Multiaddr> others = new java.util.HashSet<>(List.of(first));
        while (others.size() <= AutonatV2Client.MAX_TRACKED) {
            Multiaddr a = closedPort();
            if (others.add(a)) {
                autonat.probe(server.host().peerId(), List.of(a));
            }
        }
        List<AddressVerdict> v = autonat.verdicts();
        assertThat(v).hasSize(AutonatV2Client.MAX_TRACKED);
        assertThat(v.getFirst().address()).isEqualTo(mine); // followed: kept although the eldest
        assertThat(v).extracting(AddressVerdict::address).doesNotContain(first);
        assertThat(v.getFirst().successes()).isEqualTo(1);
    }

    @Test
    void theServerThrottlesPerPeerAndForEveryone() throws Exception {
        Peer server = peer();
        AutonatV2Server s = AutonatV2Server.install(server.host(), LOOPBACK.withLimits(3, 2, 12, 2));
        Peer a = peer();
        Peer b = peer();
        AutonatV2Client ca = AutonatV2Client.create(a.host(), LOOPBACK);
        AutonatV2Client cb = AutonatV2Client.create(b.host(), LOOPBACK);
        connect(a, server);
        connect(b, server);
        var id = server.host().peerId();
        List<Multiaddr> am = a.host().listenAddresses();
        List<Multiaddr> bm = b.host().listenAddresses();

        assertThat(ca.probe(id, am).status()).isEqualTo(DialResponseStatus.OK);
        assertThat(ca.probe(id, am).status()).isEqualTo(DialResponseStatus.OK);
        assertThat(ca.probe(id, am).status()).isEqualTo(DialResponseStatus.E_REQUEST_REJECTED);
        assertThat(cb.probe(id, bm).status()).isEqualTo(DialResponseStatus.OK); // b has its own share…
        assertThat(cb.probe(id, bm).status()).isEqualTo(DialResponseStatus.E_REQUEST_REJECTED); // …not the global
        assertThat(s.answered()).containsEntry("OK", 3L).containsEntry("E_REQUEST_REJECTED", 2L);
    }

    @Test
    void hostileRequestsAndDialBacksAreReset() throws Exception {
        Peer server = peer();
        Peer client = twoIpPeer();
        AutonatV2Server.install(server.host(), LOOPBACK);
        AutonatV2Client.create(client.host(), LOOPBACK);
        connect(client, server);
        PeerId id = server.host().peerId();

        // a response where a request belongs
        try (NegotiatedStream s = client.host().newStream(id, AutonatV2Server.DIAL_REQUEST)) {
            assertThatThrownBy(() -> {
                AutonatV2Codec.write(s.out(), DialResponse.of(DialResponseStatus.OK));
                AutonatV2Codec.read(s.in());
            }).isInstanceOf(IOException.class);
        }
        // bytes that are no message
        try (NegotiatedStream s = client.host().newStream(id, AutonatV2Server.DIAL_REQUEST)) {
            assertThatThrownBy(() -> {
                s.out().write(new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                s.out().flush(); // may already meet the reset
                if (AutonatV2Codec.read(s.in()) == null) {
                    throw new IOException("ended without an answer");
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("reset");
        }
        // dial data in crumbs: the server will not parse thousands of tiny frames
        Multiaddr other = client.host().listenAddresses().stream()
                .filter(a -> a.toString().startsWith("/ip4/127.0.0.2/")).findFirst().orElseThrow();
        try (NegotiatedStream s = client.host().newStream(id, AutonatV2Server.DIAL_REQUEST)) {
            AutonatV2Codec.write(s.out(), new DialRequest(List.of(other.bytes()), 7));
            assertThat(AutonatV2Codec.read(s.in())).isInstanceOf(DialDataRequest.class);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10; i++) {
                    AutonatV2Codec.write(s.out(), new DialDataResponse(new byte[10]));
                }
                AutonatV2Codec.read(s.in());
            }).isInstanceOf(IOException.class);
        }
        // a dial-back with a nonce nobody asked for
        Host stranger = hosts.start();
        stranger.connect(TestHosts.dialable(client.host()));
        try (NegotiatedStream s = stranger.newStream(client.host().peerId(), AutonatV2Server.DIAL_BACK)) {
            assertThatThrownBy(() -> {
                AutonatV2Codec.write(s.out(), new DialBack(42));
                AutonatV2Codec.readDialBackResponse(s.in());
            }).isInstanceOf(IOException.class);
        }
        assertThat(server.host().isConnected(client.host().peerId())).isTrue(); // only the streams failed
        assertThat(AutonatV2Client.create(hosts.start(), LOOPBACK).probes()).isZero();
    }

    @Test
    void probingByItselfSettlesEachAddress() throws Exception {
        Peer server = peer();
        Peer client = peer();
        AutonatV2Server.install(server.host(), LOOPBACK);
        Multiaddr closed = closedPort();
        Multiaddr open = client.host().listenAddresses().getFirst();
        client.host().setAnnounceAddresses(List.of(open, closed));
        AutonatV2Client autonat = AutonatV2Client.create(client.host(), LOOPBACK.withSchedule(Duration.ZERO,
                Duration.ofMillis(200), Duration.ofHours(1), Duration.ZERO));
        try {
            connect(client, server);
            assertThat(autonat.checkOnce()).isEqualTo(1); // a round asks each server once at most
            autonat.startProbing();
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (!autonat.wantingProbe().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<AddressVerdict> v = autonat.verdicts();
            assertThat(v).extracting(AddressVerdict::address).containsExactly(open, closed);
            assertThat(v).extracting(AddressVerdict::reachability)
                    .containsExactly(Reachability.PUBLIC, Reachability.PRIVATE);
            assertThat(v).extracting(AddressVerdict::confidence).containsExactly(3, 3);
        } finally {
            autonat.close();
        }
    }
}
