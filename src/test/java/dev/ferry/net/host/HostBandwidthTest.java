package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.PeerId;
import dev.ferry.net.bandwidth.BandwidthPolicy;
import dev.ferry.net.bandwidth.Direction;
import dev.ferry.net.bandwidth.RateLimiter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The host's bandwidth hooks: every connection metered on the wire, its limiter chosen by the policy. */
@Timeout(30)
class HostBandwidthTest {
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    /** Counts what it is asked for and never waits. */
    static final class Counting implements RateLimiter {
        final LongAdder in = new LongAdder();
        final LongAdder out = new LongAdder();

        @Override
        public void acquire(Direction direction, int bytes) {
            (direction == Direction.IN ? in : out).add(bytes);
        }
    }

    record Call(PeerId peer, Set<String> protocols) {}

    private static void echo(Host h) {
        h.setHandler(HostTest.ECHO, HostTest::echo);
    }

    private static byte[] roundTrip(Host a, Host b, int size) throws Exception {
        try (NegotiatedStream s = a.newStream(b.peerId(), HostTest.ECHO)) {
            s.out().write(new byte[size]);
            s.closeWrite();
            return s.in().readAllBytes();
        }
    }

    @Test
    void everyWireByteIsCountedForTheConnectionThePeerAndTheHost() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        echo(b);
        Connection c = a.connect(TestHosts.dialable(b));
        assertThat(roundTrip(a, b, 100_000)).hasSize(100_000);
        var peer = a.bandwidth().peer(b.peerId()).orElseThrow();
        // payload plus handshake, Noise tags and Yamux headers
        assertThat(peer.totalOut()).isGreaterThan(100_000).isLessThan(110_000);
        assertThat(peer.totalIn()).isGreaterThan(100_000).isLessThan(110_000);
        assertThat(c.bandwidth().totalOut()).isEqualTo(peer.totalOut());
        assertThat(a.bandwidth().snapshot().totalOut()).isGreaterThanOrEqualTo(peer.totalOut());
        assertThat(b.bandwidth().peer(a.peerId()).orElseThrow().totalIn()).isGreaterThan(100_000);
        assertThat(c.limiter().isUnlimited()).isTrue();

        c.close();
        assertThat(a.bandwidth().peer(b.peerId())).isEmpty();
        assertThat(a.bandwidth().openConnections()).isZero();
        assertThat(a.bandwidth().snapshot().totalOut()).isGreaterThanOrEqualTo(peer.totalOut());
    }

    @Test
    void thePolicyChoosesTheLimiterOnceThePeerIsKnownAndAgainWhenItsProtocolsChange() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        echo(b);
        List<Call> calls = new CopyOnWriteArrayList<>();
        Counting before = new Counting();
        Counting after = new Counting();
        a.setBandwidthPolicy((peer, protocols) -> {
            calls.add(new Call(peer, protocols));
            return protocols.contains("/ferry/x/1.0.0") ? after : before;
        });
        Connection c = a.connect(TestHosts.dialable(b));
        assertThat(calls).isNotEmpty().allSatisfy(call -> assertThat(call.peer()).isEqualTo(b.peerId()));
        assertThat(c.limiter()).isSameAs(before);
        roundTrip(a, b, 50_000);
        assertThat(before.out.sum()).isGreaterThan(50_000);
        assertThat(before.in.sum()).isGreaterThan(50_000);

        a.peerStore().setProtocols(b.peerId(), List.of("/ferry/x/1.0.0")); // what identify does
        assertThat(calls.getLast().protocols()).containsExactly("/ferry/x/1.0.0");
        assertThat(c.limiter()).isSameAs(after);
        long beforeOut = before.out.sum();
        roundTrip(a, b, 50_000);
        assertThat(after.out.sum()).isGreaterThan(50_000);
        assertThat(before.out.sum()).isEqualTo(beforeOut);
    }

    @Test
    void replacingThePolicyAppliesToOpenConnections() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        echo(b);
        Connection c = a.connect(TestHosts.dialable(b));
        Counting counting = new Counting();
        a.setBandwidthPolicy(BandwidthPolicy.perPeer(p -> counting));
        assertThat(c.limiter()).isSameAs(counting);
        roundTrip(a, b, 10_000);
        assertThat(counting.out.sum()).isGreaterThan(10_000);
        a.setBandwidthPolicy(BandwidthPolicy.unlimited());
        assertThat(c.limiter().isUnlimited()).isTrue();
    }

    @Test
    void aFailingPolicyLeavesTheConnectionWorking() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        echo(b);
        a.setBandwidthPolicy((peer, protocols) -> {
            throw new IllegalStateException("broken policy");
        });
        a.connect(TestHosts.dialable(b));
        assertThat(roundTrip(a, b, 1000)).hasSize(1000);
    }
}
