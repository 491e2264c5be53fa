package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The resource manager's accounting: admission per scope, roll-back, release exactly once, the allowlist. */
@Timeout(60)
class ResourceManagerTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final long U = ResourceLimits.UNLIMITED;
    static final Multiaddr FAR = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");
    static final Multiaddr NEAR = Multiaddr.parse("/ip4/10.1.2.3/tcp/4001");

    final PeerId a = Identity.generate(RANDOM).peerId();
    final PeerId b = Identity.generate(RANDOM).peerId();

    static ResourceLimitConfig open() {
        ResourceLimits none = ResourceLimits.unlimited();
        return new ResourceLimitConfig(true, none, none, none, none, Map.of(), Map.of(), ResourceAllowlist.EMPTY);
    }

    static ResourceLimits only(String name, long value) {
        return ResourceLimits.unlimited().with(name, value);
    }

    static ResourceUsage usage(ResourceScopeStat s) {
        return s.usage();
    }

    @Test
    void aPeerOverItsInboundStreamsIsRefusedWhileOthersAndItsOutboundGoOn() throws Exception {
        ResourceManager rm = new ResourceManager(open().withPeerDefault(only("StreamsInbound", 2)));
        StreamReservation s1 = rm.openStream(a, Direction.INBOUND);
        StreamReservation s2 = rm.openStream(a, Direction.INBOUND);
        assertThatThrownBy(() -> rm.openStream(a, Direction.INBOUND))
                .isInstanceOf(ResourceLimitException.class)
                .isInstanceOf(ConnectionLimitException.class)
                .hasMessage("resource limit exceeded: peer " + a + " streams inbound 2");
        StreamReservation other = rm.openStream(b, Direction.INBOUND);
        StreamReservation out = rm.openStream(a, Direction.OUTBOUND);

        ResourceManagerStat stat = rm.stat();
        assertThat(stat.peers().get(a).usage().streamsInbound()).isEqualTo(2);
        assertThat(stat.peers().get(a).usage().streamsOutbound()).isEqualTo(1);
        assertThat(stat.system().usage().streams()).isEqualTo(4); // the refused one was rolled back everywhere
        assertThat(stat.transientScope().usage().streams()).isEqualTo(4);
        assertThat(stat.system().usage().memory()).isEqualTo(4 * ResourceLimitConfig.STREAM_MEMORY);

        s1.release();
        rm.openStream(a, Direction.INBOUND).release(); // its place is free again
        for (StreamReservation r : List.of(s2, other, out)) {
            r.release();
        }
        stat = rm.stat();
        assertThat(stat.peers()).isEmpty();
        assertThat(stat.system().usage().isIdle()).isTrue();
        assertThat(stat.transientScope().usage().isIdle()).isTrue();
    }

    @Test
    void eachScopeNamesItselfWhenFullAndRefusalsRollBack() throws Exception {
        ResourceManager system = new ResourceManager(open().withSystem(only("StreamsInbound", 1)));
        system.openStream(a, Direction.INBOUND);
        assertThatThrownBy(() -> system.openStream(b, Direction.INBOUND))
                .hasMessage("resource limit exceeded: system streams inbound 1");
        assertThat(system.stat().peers()).containsOnlyKeys(a); // b's peer scope was made, then given back
        assertThat(system.stat().transientScope().usage().streams()).isEqualTo(1);

        ResourceManager memory = new ResourceManager(open().withSystem(only("Memory",
                3 * ResourceLimitConfig.STREAM_MEMORY)));
        for (int i = 0; i < 3; i++) {
            memory.openStream(a, Direction.OUTBOUND);
        }
        assertThatThrownBy(() -> memory.openStream(b, Direction.OUTBOUND))
                .hasMessage("resource limit exceeded: system memory " + 3 * ResourceLimitConfig.STREAM_MEMORY);

        ResourceManager transients = new ResourceManager(open().withTransient(only("StreamsInbound", 1)));
        StreamReservation first = transients.openStream(a, Direction.INBOUND);
        assertThatThrownBy(() -> transients.openStream(a, Direction.INBOUND))
                .hasMessage("resource limit exceeded: transient streams inbound 1");
        first.setProtocol("/echo/1.0.0"); // negotiated: out of the transient scope
        StreamReservation second = transients.openStream(a, Direction.INBOUND);
        assertThat(transients.stat().protocols().get("/echo/1.0.0").usage().streamsInbound()).isEqualTo(1);

        ResourceManager protocol = new ResourceManager(open().withProtocol("/echo/1.0.0", only("Streams", 1)));
        protocol.openStream(a, Direction.INBOUND).setProtocol("/echo/1.0.0");
        StreamReservation refused = protocol.openStream(b, Direction.OUTBOUND);
        assertThatThrownBy(() -> refused.setProtocol("/echo/1.0.0"))
                .hasMessage("resource limit exceeded: protocol /echo/1.0.0 streams 1");
        protocol.openStream(b, Direction.OUTBOUND).setProtocol("/other/1.0.0"); // the default: unlimited
        assertThat(protocol.stat().transientScope().usage().streamsOutbound()).isEqualTo(1); // still transient
        refused.release();
        assertThat(protocol.stat().transientScope().usage().isIdle()).isTrue();
        assertThat(protocol.stat().protocols().get("/echo/1.0.0").usage().streams()).isEqualTo(1);
        second.release();
    }

    @Test
    void connectionsAreCountedTransientThenPerPeerWithTheirFileDescriptors() throws Exception {
        ResourceManager rm = new ResourceManager(open().withTransient(only("ConnsInbound", 1))
                .withSystem(only("FD", 2)).withPeerDefault(only("ConnsInbound", 1)));
        ConnectionReservation c1 = rm.openConnection(Direction.INBOUND, FAR);
        assertThatThrownBy(() -> rm.openConnection(Direction.INBOUND, FAR))
                .hasMessage("resource limit exceeded: transient connections inbound 1");
        c1.setPeer(a);
        ConnectionReservation c2 = rm.openConnection(Direction.INBOUND, FAR);
        assertThatThrownBy(() -> c2.setPeer(a)).hasMessage("resource limit exceeded: peer " + a
                + " connections inbound 1");
        assertThatThrownBy(() -> rm.openConnection(Direction.OUTBOUND, FAR))
                .hasMessage("resource limit exceeded: system file descriptors 2");
        ResourceManagerStat stat = rm.stat();
        assertThat(stat.system().usage().fd()).isEqualTo(2);
        assertThat(stat.transientScope().usage().connsInbound()).isEqualTo(1); // c2, whose peer was refused
        assertThat(stat.peers().get(a).usage().connsInbound()).isEqualTo(1);
        c2.release();
        c1.release();
        c1.release();
        assertThat(rm.stat().system().usage().isIdle()).isTrue();
        assertThat(rm.stat().transientScope().usage().isIdle()).isTrue();
        assertThat(rm.stat().peers()).isEmpty();
    }

    @Test
    void allowlistedAddressesAreCountedButNeverRefusedByConnectionLimits() throws Exception {
        ResourceLimits blockAll = ResourceLimits.unlimited().with("ConnsInbound", 0);
        ResourceManager rm = new ResourceManager(open().withSystem(blockAll).withTransient(blockAll)
                .withPeerDefault(blockAll)
                .withAllowlist(ResourceAllowlist.parse(List.of("/ip4/10.0.0.0/ipcidr/8", "/ip4/192.0.2.1/p2p/" + b))));
        assertThatThrownBy(() -> rm.openConnection(Direction.INBOUND, FAR))
                .hasMessage("resource limit exceeded: transient connections inbound 0");
        ConnectionReservation near = rm.openConnection(Direction.INBOUND, NEAR);
        near.setPeer(a);
        assertThat(rm.stat().system().usage().connsInbound()).isEqualTo(1);
        assertThat(rm.stat().peers().get(a).usage().connsInbound()).isEqualTo(1);

        // an entry with a peer lets in only that peer from its address
        Multiaddr bAddr = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
        ConnectionReservation wrongPeer = rm.openConnection(Direction.INBOUND, bAddr);
        assertThatThrownBy(() -> wrongPeer.setPeer(a)).hasMessage("resource limit exceeded: peer " + a
                + " connections inbound 0");
        wrongPeer.release();
        ConnectionReservation rightPeer = rm.openConnection(Direction.INBOUND, bAddr);
        rightPeer.setPeer(b);
        // streams are no connections: the allowlist does not lift their limits
        ResourceManager streams = new ResourceManager(open().withPeerDefault(only("StreamsInbound", 0))
                .withAllowlist(ResourceAllowlist.parse(List.of("/ip4/10.0.0.0/ipcidr/8"))));
        assertThatThrownBy(() -> streams.openStream(a, Direction.INBOUND)).isInstanceOf(ResourceLimitException.class);

        assertThatThrownBy(() -> ResourceAllowlist.parse(List.of("/ip4/10.0.0.0/ipcidr/8", "/dns4/example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/dns4/example.com'");
        assertThatThrownBy(() -> ResourceAllowlist.parse(List.of("/ip4/10.0.0.1/tcp/4001")))
                .hasMessageContaining("unexpected /tcp");
    }

    @Test
    void everyReservationIsGivenBackExactlyOnceUnderConcurrency() throws Exception {
        ResourceManager rm = new ResourceManager(open().withPeerDefault(only("StreamsInbound", 64))
                .withSystem(only("ConnsInbound", 1000)));
        List<PeerId> peers = List.of(a, b, Identity.generate(RANDOM).peerId());
        int threads = 12;
        int rounds = 2000;
        CyclicBarrier start = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    PeerId peer = peers.get(id % peers.size());
                    for (int i = 0; i < rounds; i++) {
                        StreamReservation s;
                        try {
                            s = rm.openStream(peer, i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND);
                        } catch (ResourceLimitException refused) {
                            continue; // 4 threads share a peer's 64: refusals are fine, leaks are not
                        }
                        // two releases racing each other, one maybe racing the protocol change
                        Thread other = Thread.ofVirtual().start(s::release);
                        try {
                            s.setProtocol(i % 3 == 0 ? "/a/1" : "/b/1");
                        } catch (ResourceLimitException unexpected) {
                            failures.add(unexpected);
                        }
                        s.release();
                        other.join();
                        ConnectionReservation c = rm.openConnection(Direction.INBOUND, FAR);
                        Thread closer = Thread.ofVirtual().start(c::release);
                        try {
                            c.setPeer(peer);
                        } catch (ResourceLimitException unexpected) {
                            failures.add(unexpected);
                        }
                        c.release();
                        closer.join();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(50, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        ResourceManagerStat stat = rm.stat();
        assertThat(stat.system().usage()).isEqualTo(new ResourceUsage(0, 0, 0, 0, 0));
        assertThat(stat.transientScope().usage()).isEqualTo(new ResourceUsage(0, 0, 0, 0, 0));
        assertThat(stat.protocols()).isEmpty();
        assertThat(stat.peers()).isEmpty();
    }

    @Test
    void aDisabledManagerCountsAndRefusesNothing() throws Exception {
        ResourceManager rm = new ResourceManager(open().withSystem(ResourceLimits.unlimited().with("Streams", 0)
                .with("Conns", 0)).withEnabled(false));
        StreamReservation s = rm.openStream(a, Direction.INBOUND);
        s.setProtocol("/x/1");
        rm.openConnection(Direction.INBOUND, FAR).setPeer(a);
        assertThat(rm.stat().system().usage().isIdle()).isTrue();
        assertThat(rm.stat().peers()).isEmpty();
        assertThat(rm.isEnabled()).isFalse();
    }

    @Test
    void scaledDefaultsGrowWithMemoryButNeverBelowWhatAFerryNodeUses() {
        ResourceLimitConfig small = ResourceLimitConfig.scaled(64L << 20, 256, 512, 64);
        assertThat(small.system().streamsInbound()).isEqualTo(4096);
        assertThat(small.system().connsInbound()).isEqualTo(512);
        assertThat(small.transientLimits().connsInbound()).isEqualTo(64);
        assertThat(small.peerDefault().streamsInbound()).isEqualTo(256);
        assertThat(small.protocolDefault().streamsInbound()).isEqualTo(2048);
        assertThat(small.system().memory()).isEqualTo(64L << 20);
        assertThat(small.system().fd()).isEqualTo(256);
        assertThat(small.system().conns()).isEqualTo(U);
        assertThat(small.system().streamsOutbound()).isEqualTo(U);

        ResourceLimitConfig big = ResourceLimitConfig.scaled(16L << 30, 1 << 20, 512, 64);
        assertThat(big.system().streamsInbound()).isEqualTo(1024 + 16 * 1024);
        assertThat(big.system().connsInbound()).isEqualTo(64 + 16 * 64);
        assertThat(big.peerDefault().streamsInbound()).isEqualTo(256 + 16 * 128);
        assertThat(big.transientLimits().streamsInbound()).isEqualTo(128 + 16 * 128);
        assertThat(big.peerDefault().connsInbound()).isEqualTo(8);

        assertThat(ResourceLimitConfig.defaultMaxMemory()).isGreaterThanOrEqualTo(1L << 30);
        assertThat(HostConfig.defaults().resources().enabled()).isTrue();
    }
}
