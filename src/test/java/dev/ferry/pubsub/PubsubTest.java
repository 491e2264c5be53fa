package dev.ferry.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gossipsub and floodsub between ferry nodes on loopback. */
@Timeout(60)
class PubsubTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    private final TestHosts hosts = new TestHosts();
    private final List<Pubsub> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(Pubsub::close);
        hosts.close();
    }

    static PubsubConfig fast() {
        return PubsubConfig.defaults().withHeartbeat(Duration.ofMillis(100));
    }

    Pubsub node(PubsubConfig config) throws Exception {
        Host h = hosts.start();
        Pubsub p = Pubsub.start(h, h.identity(), config);
        services.add(p);
        return p;
    }

    static PeerId id(Pubsub p) {
        return p.toString().isEmpty() ? null : hostOf(p).peerId();
    }

    static Host hostOf(Pubsub p) {
        try {
            var f = Pubsub.class.getDeclaredField("host");
            f.setAccessible(true);
            return (Host) f.get(p);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static void connect(Pubsub a, Pubsub b) throws Exception {
        hostOf(a).connect(TestHosts.dialable(hostOf(b)));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    static PubsubMessage next(Subscription s) throws InterruptedException {
        return s.next(WAIT).orElseThrow(() -> new AssertionError("no message on " + s.topic()));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSignedMessageReachesTheOtherNode() throws Exception {
        Pubsub a = node(fast());
        Pubsub b = node(fast());
        connect(a, b);
        Subscription sb = b.subscribe("news");
        await("a sees b's subscription", () -> a.peers("news").contains(id(b)));

        int sentTo = a.publish("news", utf8("hello"));

        assertThat(sentTo).isEqualTo(1);
        PubsubMessage m = next(sb);
        assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(m.author()).contains(id(a));
        assertThat(m.receivedFrom()).isEqualTo(id(a));
        assertThat(m.seqno()).isPresent();
        assertThat(m.topic()).isEqualTo("news");
        assertThat(a.protocolOf(id(b))).contains(Pubsub.MESHSUB_12_ID);
        assertThat(sb.next(Duration.ofMillis(300))).isEmpty(); // exactly once
    }

    @Test
    void ownMessagesAreDeliveredLocallyAndTopicsAreListed() throws Exception {
        Pubsub a = node(fast());
        Subscription s = a.subscribe("self");
        assertThat(a.topics()).containsExactly("self");
        assertThat(a.publish("self", utf8("me"))).isZero();
        assertThat(next(s).receivedFrom()).isEqualTo(id(a));
        s.close();
        assertThat(a.topics()).isEmpty();
    }

    @Test
    void messagesTravelALineOfFiveNodesOnceEach() throws Exception {
        List<Pubsub> line = new ArrayList<>();
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            line.add(node(fast()));
            subs.add(line.get(i).subscribe("line"));
        }
        for (int i = 0; i < 4; i++) {
            connect(line.get(i), line.get(i + 1));
        }
        for (int i = 0; i < 4; i++) {
            Pubsub left = line.get(i);
            Pubsub right = line.get(i + 1);
            await("mesh " + i, () -> left.meshPeers("line").contains(id(right))
                    && right.meshPeers("line").contains(id(left)));
        }
        for (int k = 0; k < 20; k++) {
            line.getFirst().publish("line", utf8("m" + k));
        }
        for (int i = 1; i < 5; i++) {
            Set<String> got = new HashSet<>();
            for (int k = 0; k < 20; k++) {
                PubsubMessage m = next(subs.get(i));
                assertThat(m.author()).contains(id(line.getFirst()));
                assertThat(got.add(new String(m.data(), StandardCharsets.UTF_8))).isTrue();
            }
            assertThat(subs.get(i).next(Duration.ofMillis(200))).isEmpty();
        }
        assertThat(line.get(4).stats().invalid()).isZero();
    }

    @Test
    void unsubscribingStopsDeliveryAndTellsPeers() throws Exception {
        Pubsub a = node(fast());
        Pubsub b = node(fast());
        connect(a, b);
        Subscription sb = b.subscribe("t");
        await("a sees b", () -> a.peers("t").contains(id(b)));
        sb.close();
        await("a sees b leave", () -> !a.peers("t").contains(id(b)));
        assertThat(a.publish("t", utf8("x"))).isZero();
        assertThat(sb.next(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void gossipDeliversToPeersOutsideTheMesh() throws Exception {
        // mesh degree 1 and no flood publishing: the hub sends each message to one spoke; the other three learn of it
        // from IHAVE gossip and fetch it with IWANT
        PubsubConfig narrow = fast().withMeshDegree(1, 1, 1, 6).withFloodPublish(false);
        Pubsub hub = node(narrow);
        Subscription hubSub = hub.subscribe("g");
        List<Subscription> spokes = new ArrayList<>();
        List<Pubsub> spokeNodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Pubsub s = node(narrow);
            spokes.add(s.subscribe("g"));
            spokeNodes.add(s);
            connect(s, hub);
        }
        await("hub sees the spokes", () -> hub.peers("g").size() == 4);
        await("hub mesh settles", () -> hub.meshPeers("g").size() == 1);
        hub.publish("g", utf8("via gossip"));
        for (Subscription s : spokes) {
            assertThat(new String(next(s).data(), StandardCharsets.UTF_8)).isEqualTo("via gossip");
        }
        assertThat(hub.meshPeers("g")).hasSizeLessThanOrEqualTo(1);
        hubSub.close();
    }

    @Test
    void aMeshStaysWithinItsBoundsAndEveryoneStillGetsTheMessages() throws Exception {
        PubsubConfig small = fast().withMeshDegree(3, 2, 4, 3);
        Pubsub hub = node(small);
        hub.subscribe("big");
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Pubsub s = node(small);
            subs.add(s.subscribe("big"));
            connect(s, hub);
        }
        await("hub sees all", () -> hub.peers("big").size() == 10);
        Thread.sleep(500); // a few heartbeats of grafting and pruning
        assertThat(hub.meshPeers("big")).hasSizeBetween(2, 4);
        hub.publish("big", utf8("all"));
        for (Subscription s : subs) {
            assertThat(next(s).size()).isEqualTo(3);
        }
    }

    @Test
    void floodsubAndGossipsubNodesShareATopic() throws Exception {
        Pubsub flood = node(fast().withRouter(PubsubRouter.FLOODSUB));
        Pubsub gossip = node(fast());
        Pubsub gossip2 = node(fast());
        connect(flood, gossip);
        connect(gossip, gossip2);
        Subscription sf = flood.subscribe("mixed");
        Subscription sg2 = gossip2.subscribe("mixed");
        Subscription sg = gossip.subscribe("mixed");
        await("gossip sees both", () -> gossip.peers("mixed").size() == 2);
        assertThat(gossip.protocolOf(id(flood))).contains(Pubsub.FLOODSUB_ID);
        await("flood sees gossip", () -> flood.peers("mixed").contains(id(gossip)));
        await("gossip2 sees gossip", () -> gossip2.peers("mixed").contains(id(gossip)));
        await("the gossipsub nodes form a mesh", () -> gossip.meshPeers("mixed").contains(id(gossip2)));
        assertThat(gossip.meshPeers("mixed")).doesNotContain(id(flood)); // floodsub peers are never grafted

        flood.publish("mixed", utf8("from floodsub"));
        assertThat(next(sf).receivedFrom()).isEqualTo(id(flood)); // its own, delivered locally
        assertThat(next(sg).author()).contains(id(flood));
        assertThat(next(sg2).author()).contains(id(flood)); // forwarded by the gossipsub node

        gossip2.publish("mixed", utf8("from gossipsub"));
        assertThat(next(sf).author()).contains(id(gossip2));
        assertThat(next(sg).author()).contains(id(gossip2));
    }

    @Test
    void aNodeThatLeavesIsForgotten() throws Exception {
        Pubsub a = node(fast());
        Pubsub b = node(fast());
        connect(a, b);
        b.subscribe("x");
        a.subscribe("x");
        await("mesh", () -> a.meshPeers("x").contains(id(b)));
        hostOf(b).close();
        await("a forgets b", () -> a.peers(null).isEmpty() && a.meshPeers("x").isEmpty());
        assertThat(a.publish("x", utf8("alone"))).isZero();
    }

    @Test
    void anonymousMessagesUnderStrictNoSign() throws Exception {
        PubsubConfig anon = fast().withSignaturePolicy(SignaturePolicy.STRICT_NO_SIGN);
        Pubsub a = node(anon);
        Pubsub b = node(anon);
        Pubsub signer = node(fast());
        connect(a, b);
        connect(signer, b);
        Subscription sb = b.subscribe("anon");
        await("a sees b", () -> a.peers("anon").contains(id(b)));
        await("signer sees b", () -> signer.peers("anon").contains(id(b)));
        a.publish("anon", utf8("who?"));
        PubsubMessage m = next(sb);
        assertThat(m.author()).isEqualTo(Optional.empty());
        assertThat(m.seqno()).isEmpty();
        signer.publish("anon", utf8("signed")); // a signed message breaks b's policy: dropped
        await("b drops it", () -> b.stats().invalid() == 1);
        assertThat(sb.next(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void aTopicValidatorStopsRefusedMessagesAtTheFirstNodeThatKnowsTheTopic() throws Exception {
        Pubsub a = node(fast());
        Pubsub b = node(fast());
        Pubsub c = node(fast());
        b.setValidator("v", (author, data) -> {
            if (new String(data, StandardCharsets.UTF_8).startsWith("bad")) {
                throw new InvalidMessageException("refused by the test");
            }
        });
        Subscription sb = b.subscribe("v");
        Subscription sc = c.subscribe("v");
        a.subscribe("v");
        connect(a, b);
        connect(b, c);
        await("meshes", () -> b.meshPeers("v").containsAll(List.of(id(a), id(c))));
        a.publish("v", utf8("bad one"));
        a.publish("v", utf8("good one"));
        assertThat(new String(next(sb).data(), StandardCharsets.UTF_8)).isEqualTo("good one");
        assertThat(new String(next(sc).data(), StandardCharsets.UTF_8)).isEqualTo("good one");
        assertThat(sc.next(Duration.ofMillis(300))).isEmpty();
        assertThat(b.stats().rejected()).isEqualTo(1);
        assertThat(b.stats().invalid()).isZero();
        assertThat(b.peers(null)).contains(id(a)); // a relayer is not blamed for a topic's own rules
    }

    @Test
    void aDirectPeerGetsEveryMessageOutsideTheMesh() throws Exception {
        Pubsub a = node(fast());
        Pubsub b = node(fast());
        Pubsub c = node(fast());
        a.setDirectPeers(List.of(id(b)));
        Subscription sb = b.subscribe("d");
        a.subscribe("d");
        c.subscribe("d");
        connect(c, a);
        connect(a, b);
        await("a meshes c", () -> a.meshPeers("d").contains(id(c)));
        await("a knows b's topic", () -> a.peers("d").contains(id(b)));
        Thread.sleep(300); // heartbeats: b grafts a, and a prunes it
        assertThat(a.meshPeers("d")).doesNotContain(id(b));
        c.publish("d", utf8("relayed to the direct peer"));
        PubsubMessage m = next(sb);
        assertThat(m.author()).contains(id(c));
        assertThat(m.receivedFrom()).isEqualTo(id(a));
    }
}
