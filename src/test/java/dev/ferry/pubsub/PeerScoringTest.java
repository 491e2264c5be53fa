package dev.ferry.pubsub;

import static dev.ferry.pubsub.PubsubTest.await;
import static dev.ferry.pubsub.PubsubTest.next;
import static dev.ferry.pubsub.PubsubTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.pubsub.wire.MessageId;
import dev.ferry.pubsub.wire.Rpc;
import dev.ferry.pubsub.wire.WireMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gossipsub v1.1 peer scores at work in a real router: peers speaking gossipsub by hand misbehave, and the node's
 * meshes, gossip and publishing follow their scores. The node's clock is manual, so scores decay only when a test says.
 */
@Timeout(60)
class PeerScoringTest {
    private final TestHosts hosts = new TestHosts();
    private final AtomicLong clock = new AtomicLong(System.nanoTime());
    private final List<Pubsub> routers = new ArrayList<>();
    private Host nodeHost;

    @AfterEach
    void tearDown() {
        routers.forEach(Pubsub::close);
        hosts.close();
    }

    private Pubsub node(PubsubConfig config) throws Exception {
        nodeHost = hosts.start();
        Pubsub p = Pubsub.start(nodeHost, nodeHost.identity(), config, clock::get);
        routers.add(p);
        return p;
    }

    /** A hand-speaking peer connected to the node and subscribed to {@code topic}. */
    private RawGossipPeer peer(Pubsub node, String topic, boolean nodeDials) throws Exception {
        RawGossipPeer p = new RawGossipPeer(hosts);
        if (nodeDials) {
            nodeHost.connect(TestHosts.dialable(p.host));
            p.open(nodeHost.peerId());
        } else {
            p.dial(nodeHost);
        }
        p.send(RawGossipPeer.subscribe(topic));
        await("the node knows the peer", () -> node.peers(topic).contains(p.id()));
        return p;
    }

    private static WireMessage tampered(Identity author, int n) {
        WireMessage m = MessageSigning.signed(author, "t", utf8("x" + n), n);
        return new WireMessage(m.from(), utf8("changed " + n), m.seqno(), "t", m.signature(), null);
    }

    private static double score(Pubsub node, PeerId p) {
        return node.score(p).orElseThrow();
    }

    @Test
    void invalidMessagesGraylistTheSenderAndOthersAreStillServed() throws Exception {
        Pubsub node = node(PubsubTest.fast());
        Subscription s = node.subscribe("t");
        RawGossipPeer mallory = peer(node, "t", false);
        mallory.send(RawGossipPeer.graft("t"));
        await("mallory is in the mesh", () -> node.meshPeers("t").contains(mallory.id()));

        Identity alice = Identity.generate(new SecureRandom());
        for (int i = 0; i < 3; i++) {
            mallory.send(RawGossipPeer.publish(tampered(alice, i)));
        }
        await("three invalid messages", () -> node.stats().invalid() == 3);
        assertThat(score(node, mallory.id())).isCloseTo(-90, within(1e-9));

        mallory.send(RawGossipPeer.publish(MessageSigning.signed(mallory.host.identity(), "t", utf8("valid"), 9)));
        await("its next RPC is ignored", () -> node.stats().graylisted() == 1);
        assertThat(s.next(Duration.ofMillis(300))).isEmpty();
        await("mallory left the mesh", () -> !node.meshPeers("t").contains(mallory.id()));
        assertThat(mallory.poll(r -> r.control().prune().stream().anyMatch(p -> p.topic().equals("t")), 5000))
                .as("mallory was told").isNotNull();

        Host h = hosts.start();
        Pubsub honest = Pubsub.start(h, h.identity(), PubsubTest.fast());
        routers.add(honest);
        PubsubTest.connect(honest, node);
        await("the honest peer sees the topic", () -> honest.peers("t").contains(nodeHost.peerId()));
        honest.publish("t", utf8("still served"));
        assertThat(new String(next(s).data())).isEqualTo("still served");
        assertThat(score(node, h.peerId())).isGreaterThan(0); // a first delivery
    }

    @Test
    void brokenIwantPromisesSilenceAPeersGossipAndALowScoreStopsOurPublishing() throws Exception {
        Pubsub node = node(PubsubTest.fast());
        node.subscribe("t");
        RawGossipPeer mallory = peer(node, "t", false);
        for (int i = 0; i < 8; i++) {
            MessageId bogus = new MessageId(utf8("never sent " + i));
            mallory.send(RawGossipPeer.ihave("t", List.of(bogus)));
            assertThat(mallory.poll(r -> !r.control().iwant().isEmpty(), 5000)).as("IWANT " + i).isNotNull();
        }
        assertThat(score(node, mallory.id())).isZero(); // the promises are still open
        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        await("eight broken promises", () -> score(node, mallory.id()) < -30);
        assertThat(score(node, mallory.id())).isCloseTo(-40, within(2.0)).isGreaterThan(-50);

        // below the gossip threshold: its IHAVEs are not followed
        mallory.send(RawGossipPeer.ihave("t", List.of(new MessageId(utf8("one more")))));
        assertThat(mallory.poll(r -> !r.control().iwant().isEmpty(), 500)).isNull();
        // above the publish threshold: our own messages still reach it
        assertThat(node.publish("t", utf8("to all"))).isEqualTo(1);
        assertThat(mallory.poll(r -> !r.publish().isEmpty(), 5000)).isNotNull();

        node.setAppScore(p -> p.equals(mallory.id()) ? -20 : 0);
        await("the application's score counts", () -> score(node, mallory.id()) < -50);
        assertThat(node.publish("t", utf8("not to mallory"))).isZero();
        assertThat(mallory.poll(r -> !r.publish().isEmpty(), 500)).isNull();
    }

    @Test
    void graftsDuringABackoffArePenalized() throws Exception {
        Pubsub node = node(PubsubTest.fast());
        node.subscribe("t");
        RawGossipPeer mallory = peer(node, "t", false);
        mallory.send(RawGossipPeer.graft("t"));
        await("mallory is in the mesh", () -> node.meshPeers("t").contains(mallory.id()));
        mallory.send(RawGossipPeer.control(new Rpc.Control(List.of(), List.of(), List.of(),
                List.of(new Rpc.Prune("t", 60)))));
        await("mallory left the mesh", () -> !node.meshPeers("t").contains(mallory.id()));
        for (int i = 0; i < 8; i++) {
            mallory.send(RawGossipPeer.graft("t"));
        }
        await("eight GRAFTs in the backoff", () -> score(node, mallory.id()) < -30);
        assertThat(score(node, mallory.id())).isCloseTo(-40, within(1e-6));
        assertThat(node.meshPeers("t")).doesNotContain(mallory.id());
    }

    @Test
    void inboundPeersCannotFillTheMeshAndThePruneKeepsTheBestAndOurOwnDials() throws Exception {
        Pubsub node = node(PubsubTest.fast().withMeshDegree(4, 3, 5, 4)); // D_out 2, D_score 4
        node.subscribe("t");
        List<RawGossipPeer> inbound = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inbound.add(peer(node, "t", false));
        }
        PeerId favourite = inbound.get(2).id();
        node.setAppScore(p -> p.equals(favourite) ? 10 : 0);
        await("the favourite's score", () -> score(node, favourite) == 10);
        for (RawGossipPeer p : inbound) {
            p.send(RawGossipPeer.graft("t"));
        }
        await("five in the mesh", () -> node.meshPeers("t").size() == 5);
        // connected only now: while the mesh was below D_lo a heartbeat could have grafted it itself
        RawGossipPeer sixth = peer(node, "t", false);
        sixth.send(RawGossipPeer.graft("t")); // at D_high, from a peer that dialled us
        assertThat(sixth.poll(r -> !r.control().prune().isEmpty(), 5000)).as("refused").isNotNull();
        assertThat(node.meshPeers("t")).doesNotContain(sixth.id());

        RawGossipPeer dialled = peer(node, "t", true);
        dialled.send(RawGossipPeer.graft("t")); // at D_high too, but we dialled it
        await("the mesh is pruned back to D", () -> node.meshPeers("t").size() == 4);
        assertThat(node.meshPeers("t")).contains(favourite, dialled.id());
    }

    @Test
    void aMeshOfLowScoresGraftsABetterPeerOpportunistically() throws Exception {
        PubsubConfig config = PubsubTest.fast().withMeshDegree(2, 1, 3, 2)
                .withScoring(PeerScoreParams.defaults().withOpportunisticGraft(1, 2));
        Pubsub node = node(config);
        List<RawGossipPeer> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(peer(node, "t", false));
        }
        node.subscribe("t");
        await("a mesh of two", () -> node.meshPeers("t").size() == 2);
        Set<PeerId> outside = new HashSet<>();
        peers.forEach(p -> outside.add(p.id()));
        outside.removeAll(node.meshPeers("t"));
        PeerId better = outside.iterator().next();
        node.setAppScore(p -> p.equals(better) ? 5 : 0);
        await("the better peer is grafted", () -> node.meshPeers("t").contains(better));
        assertThat(node.meshPeers("t")).hasSize(3);
    }

    /** What identify would have brought: the peer's own signed record of its listening addresses. */
    private void recordOf(Host peer) {
        nodeHost.peerStore().setSignedRecord(dev.ferry.net.record.SignedPeerRecord.create(peer.identity(), 1,
                peer.listenAddresses()));
    }

    @Test
    void aPeerRefusedForAFullMeshIsOfferedTheOthersWithTheirSignedRecords() throws Exception {
        Pubsub node = node(PubsubTest.fast().withMeshDegree(2, 1, 2, 2));
        node.subscribe("t");
        RawGossipPeer a = peer(node, "t", false);
        RawGossipPeer b = peer(node, "t", false);
        recordOf(a.host);
        recordOf(b.host);
        a.send(RawGossipPeer.graft("t"));
        b.send(RawGossipPeer.graft("t"));
        await("a full mesh", () -> node.meshPeers("t").size() == 2);
        RawGossipPeer c = peer(node, "t", false); // after the mesh filled, so that the heartbeat never grafts it
        c.send(RawGossipPeer.graft("t"));
        Rpc prune = c.poll(r -> !r.control().prune().isEmpty(), 5000);
        assertThat(prune).as("c was refused").isNotNull();
        Set<PeerId> offered = new HashSet<>();
        for (Rpc.PxPeer px : prune.control().prune().getFirst().peers()) {
            var r = dev.ferry.net.record.SignedPeerRecord.open(px.signedPeerRecord());
            assertThat(r.peerId().bytes()).isEqualTo(px.peerId());
            offered.add(r.peerId());
        }
        assertThat(offered).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void offeredPeersAreDialledOnlyOnAWellScoredPeersWordAndTheirOwnRecords() throws Exception {
        Pubsub node = node(PubsubTest.fast());
        node.subscribe("t");
        RawGossipPeer trusted = peer(node, "t", false);
        RawGossipPeer stranger = peer(node, "t", false);
        node.setAppScore(p -> p.equals(trusted.id()) ? 20 : 0);
        await("the trusted peer's score", () -> score(node, trusted.id()) >= 20);
        Host z = hosts.start();
        Host y = hosts.start();
        Host w = hosts.start();
        Identity forger = Identity.generate(new SecureRandom());

        // a stranger's offer is not taken
        stranger.send(prune("t", new Rpc.PxPeer(y.peerId().bytes(),
                dev.ferry.net.record.SignedPeerRecord.create(y.identity(), 1, y.listenAddresses()).bytes())));
        // nor a record of w signed by another key, nor an offer without a record, even from the trusted peer
        var forged = dev.ferry.net.record.SignedEnvelope.seal(forger, dev.ferry.net.record.PeerRecord.DOMAIN,
                new byte[] {0x03, 0x01}, new dev.ferry.net.record.PeerRecord(w.peerId(), 1, w.listenAddresses())
                        .encode()).encode();
        trusted.send(prune("t", new Rpc.PxPeer(w.peerId().bytes(), forged), new Rpc.PxPeer(w.peerId().bytes(),
                null)));
        // the trusted peer's offer of z with z's own record is
        trusted.send(prune("t", new Rpc.PxPeer(z.peerId().bytes(),
                dev.ferry.net.record.SignedPeerRecord.create(z.identity(), 1, z.listenAddresses()).bytes())));
        await("the node dialled z", () -> nodeHost.isConnected(z.peerId()));
        Thread.sleep(300);
        assertThat(nodeHost.isConnected(y.peerId())).isFalse();
        assertThat(nodeHost.isConnected(w.peerId())).isFalse();
    }

    private static Rpc prune(String topic, Rpc.PxPeer... peers) {
        return RawGossipPeer.control(new Rpc.Control(List.of(), List.of(), List.of(),
                List.of(new Rpc.Prune(topic, 60, List.of(peers)))));
    }

    @Test
    void withoutScoringEveryPeerStaysAndScoresAreEmpty() throws Exception {
        Pubsub node = node(PubsubTest.fast().withScoring(null));
        node.subscribe("t");
        RawGossipPeer mallory = peer(node, "t", false);
        mallory.send(RawGossipPeer.graft("t"));
        await("mallory is in the mesh", () -> node.meshPeers("t").contains(mallory.id()));
        Identity alice = Identity.generate(new SecureRandom());
        for (int i = 0; i < 5; i++) {
            mallory.send(RawGossipPeer.publish(tampered(alice, i)));
        }
        await("five invalid messages", () -> node.stats().invalid() == 5);
        Thread.sleep(300); // heartbeats
        assertThat(node.meshPeers("t")).contains(mallory.id());
        assertThat(node.score(mallory.id())).isEmpty();
        assertThat(node.scores()).isEmpty();
    }
}
