package dev.ferry.net.autonat.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.ObservedAddressStatus;
import dev.ferry.net.host.ObservedAddresses;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.record.SignedPeerRecord;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AutoNAT v2's dial-backs decide which observed addresses a peer learns over identify, between real hosts on loopback.
 * The node listens on 0.0.0.0 so that 127.0.0.2 reaches it at its port while not being one of its announced
 * addresses; the observations are injected (loopback made to count), the verdicts come from a real server's dial-backs.
 */
@Timeout(90)
class AutonatV2AnnounceTest {
    private final TestHosts hosts = new TestHosts();
    private Host node;

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
        hosts.close();
    }

    private record Setup(Host node, IdentifyService identify, Host server, Host learner, AutonatV2Client autonat) {}

    private Setup setUp(AutonatV2Config clientConfig, AutonatV2Config serverConfig) throws Exception {
        node = new Host(Identity.generate(new SecureRandom()), HostConfig.defaults());
        node.start(List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/0")));
        node.observedAddresses().setCountLoopback(true);
        IdentifyService identify = IdentifyService.install(node);
        Host server = hosts.start();
        IdentifyService.install(server);
        AutonatV2Server.install(server, serverConfig);
        Host learner = hosts.start();
        IdentifyService learnerIdentify = IdentifyService.install(learner);
        AutonatV2Client autonat = AutonatV2Client.create(node, clientConfig);
        AutonatV2Test.connect(new AutonatV2Test.Peer(node, identify), new AutonatV2Test.Peer(server, null));
        learner.connect(dialable(node));
        learnerIdentify.awaitIdentified(node.peerId(), Duration.ofSeconds(10));
        return new Setup(node, identify, server, learner, autonat);
    }

    private static Multiaddr dialable(Host h) {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port(h) + "/p2p/" + h.peerId());
    }

    private static String port(Host h) {
        return h.listenAddresses().getFirst().valueOf("tcp").orElseThrow();
    }

    /** {@code address} reported by {@code count} observer groups on the node's loopback listen address. */
    private static void observe(Host h, Multiaddr address, int count) {
        Multiaddr local = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port(h));
        for (int i = 1; i <= count; i++) {
            h.observedAddresses().observe(local, Multiaddr.parse("/ip4/127.0.0." + (20 + i) + "/tcp/1"), address,
                    h.listenAddresses());
        }
    }

    /** What {@code learner} knows of {@code peer}'s addresses from the newest signed peer record identify brought. */
    private static List<Multiaddr> learned(Host learner, PeerId peer) {
        return learner.peerStore().signedRecord(peer).map(SignedPeerRecord::record).map(r -> r.addresses())
                .orElse(List.of());
    }

    private static void await(Host learner, PeerId peer, Predicate<List<Multiaddr>> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.test(learned(learner, peer))) {
            assertThat(System.nanoTime()).as("%s; learned %s", what, learned(learner, peer)).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static ObservedAddresses.Observation observation(Host h, Multiaddr a) {
        return h.observedAddresses().observations(h.listenAddresses()).stream()
                .filter(o -> o.address().equals(a)).findFirst().orElseThrow();
    }

    @Test
    void dialBacksAnnounceAReachableCandidateEarlyAndWithdrawAnUnreachableConfirmedAddress() throws Exception {
        Setup s = setUp(AutonatV2Test.LOOPBACK, AutonatV2Test.LOOPBACK);
        PeerId server = s.server().peerId();
        Multiaddr reachable = Multiaddr.parse("/ip4/127.0.0.2/tcp/" + port(node)); // 0.0.0.0 answers there
        observe(node, reachable, ObservedAddresses.CANDIDATE_THRESHOLD);
        assertThat(node.addressCandidates()).containsExactly(reachable);
        assertThat(s.autonat().followed()).contains(reachable);
        assertThat(node.announceAddresses()).doesNotContain(reachable);

        assertThat(s.autonat().probe(server, List.of(reachable)).observation()).isEqualTo(Reachability.PUBLIC);
        assertThat(learned(s.learner(), node.peerId())).doesNotContain(reachable);
        s.autonat().probe(server, List.of(reachable));
        assertThat(s.autonat().verdict(reachable).reachability()).isEqualTo(Reachability.PUBLIC);
        assertThat(node.announceAddresses()).contains(reachable);
        await(s.learner(), node.peerId(), l -> l.contains(reachable), "the reachable candidate pushed");
        assertThat(observation(node, reachable).reason()).isEqualTo("reachable (AutoNAT v2)");

        // confirmed by four groups, but nothing listens there: the dial-backs fail and it is withdrawn
        Multiaddr unreachable = Multiaddr.parse("/ip4/127.0.0.3/tcp/" + AutonatV2Test.closedPort().valueOf("tcp")
                .orElseThrow());
        observe(node, unreachable, ObservedAddresses.ACTIVATION_THRESHOLD);
        assertThat(node.announceAddresses()).contains(unreachable);
        s.identify().push(s.learner().peerId());
        await(s.learner(), node.peerId(), l -> l.contains(unreachable), "the confirmed address pushed");

        s.autonat().probe(server, List.of(unreachable));
        assertThat(s.autonat().probe(server, List.of(unreachable)).observation()).isEqualTo(Reachability.PRIVATE);
        assertThat(node.announceAddresses()).doesNotContain(unreachable).contains(reachable);
        await(s.learner(), node.peerId(), l -> !l.contains(unreachable) && l.contains(reachable),
                "the unreachable address withdrawn by a push");
        assertThat(observation(node, unreachable).status()).isEqualTo(ObservedAddressStatus.UNREACHABLE);
        assertThat(s.autonat().followed()).as("still checked").contains(unreachable);
        assertThat(s.autonat().verdicts()).extracting(AddressVerdict::address).contains(unreachable, reachable);
    }

    @Test
    void theBackgroundClientChecksANewCandidateAndTheLearnerHearsOfIt() throws Exception {
        AutonatV2Config fast = AutonatV2Test.LOOPBACK.withSchedule(Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(100), Duration.ZERO);
        Setup s = setUp(fast, AutonatV2Test.LOOPBACK.withLimits(600, 600, 600, 2));
        Multiaddr reachable = Multiaddr.parse("/ip4/127.0.0.2/tcp/" + port(node));
        s.autonat().startProbing();
        observe(node, reachable, ObservedAddresses.CANDIDATE_THRESHOLD);
        await(s.learner(), node.peerId(), l -> l.contains(reachable), "the candidate checked and pushed");
        assertThat(s.autonat().verdict(reachable).reachability()).isEqualTo(Reachability.PUBLIC);
    }
}
