package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The resource manager in a running host over loopback TCP: hostile peers are refused, the others served. */
@Timeout(60)
class HostResourceLimitsTest {
    static final String HOLD = "/test/hold/1.0.0";
    static final String ECHO = "/test/echo/1.0.0";

    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    static HostConfig withPeerLimit(String name, long value) {
        ResourceLimitConfig r = ResourceLimitConfig.defaults();
        return HostConfig.defaults().withResources(r.withPeerDefault(r.peerDefault().with(name, value)));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static byte[] echo(NegotiatedStream s, int b) throws IOException {
        s.out().write(b);
        s.out().flush();
        s.closeWrite();
        return s.in().readAllBytes();
    }

    @Test
    void aHostilePeerOverItsInboundStreamsIsResetWhileAnotherIsServed() throws Exception {
        Host server = hosts.start(withPeerLimit("StreamsInbound", 4));
        AtomicInteger holding = new AtomicInteger();
        server.setHandler(HOLD, s -> {
            holding.incrementAndGet();
            try {
                s.in().readAllBytes(); // until the peer ends the stream
            } finally {
                holding.decrementAndGet();
            }
        });
        server.setHandler(ECHO, s -> s.in().transferTo(s.out()));
        Host hostile = hosts.start();
        Host friend = hosts.start();
        hostile.connect(TestHosts.dialable(server));
        friend.connect(TestHosts.dialable(server));

        List<NegotiatedStream> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            NegotiatedStream s = hostile.newStream(server.peerId(), HOLD);
            s.out().write(0);
            s.out().flush();
            held.add(s);
        }
        await(() -> holding.get() == 4);
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            try (NegotiatedStream s = hostile.newStream(server.peerId(), ECHO)) {
                echo(s, 1);
            } catch (IOException reset) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(20);
        ResourceScopeStat peer = server.resourceManager().stat().peers().get(hostile.peerId());
        assertThat(peer.usage().streamsInbound()).isEqualTo(4);

        // the other peer, and the server, go on as before
        for (int i = 0; i < 16; i++) {
            try (NegotiatedStream s = friend.newStream(server.peerId(), ECHO)) {
                assertThat(echo(s, i)).containsExactly(i);
            }
        }
        assertThat(server.isConnected(hostile.peerId())).isTrue();

        // closed streams give their places back: the hostile peer is served again
        for (NegotiatedStream s : held) {
            s.close();
        }
        await(() -> holding.get() == 0);
        await(() -> !server.resourceManager().stat().peers().containsKey(hostile.peerId())
                || server.resourceManager().stat().peers().get(hostile.peerId()).usage().streams() == 0);
        try (NegotiatedStream s = hostile.newStream(server.peerId(), ECHO)) {
            assertThat(echo(s, 7)).containsExactly(7);
        }
    }

    @Test
    void anOutboundStreamOverALimitFailsNamingTheScope() throws Exception {
        Host server = hosts.start();
        server.setHandler(HOLD, s -> s.in().readAllBytes());
        Host client = hosts.start(withPeerLimit("StreamsOutbound", 2));
        client.connect(TestHosts.dialable(server));
        NegotiatedStream s1 = client.newStream(server.peerId(), HOLD);
        NegotiatedStream s2 = client.newStreamLazily(server.peerId(), HOLD);
        assertThatThrownBy(() -> client.newStream(server.peerId(), HOLD))
                .isInstanceOf(ResourceLimitException.class)
                .hasMessage("resource limit exceeded: peer " + server.peerId() + " streams outbound 2");
        assertThat(client.connections(server.peerId()).getFirst().openStreams()).isEqualTo(2);
        s1.close();
        client.newStream(server.peerId(), HOLD).close();
        s2.reset();
        assertThat(client.resourceManager().stat().peers().get(server.peerId()).usage().streams()).isZero();
        assertThat(client.resourceManager().stat().protocols()).isEmpty();
    }

    @Test
    void closingAConnectionGivesBackItsReservationsAndThoseOfStreamsLeftOpen() throws Exception {
        Host server = hosts.start();
        CountDownLatch served = new CountDownLatch(2);
        server.setHandler(HOLD, s -> {
            served.countDown();
            s.in().readAllBytes();
        });
        Host client = hosts.start();
        Connection c = client.connect(TestHosts.dialable(server));
        NegotiatedStream left1 = client.newStream(server.peerId(), HOLD);
        NegotiatedStream left2 = client.newStream(server.peerId(), HOLD);
        left1.out().write(1);
        left1.out().flush();
        left2.out().write(1);
        left2.out().flush();
        assertThat(served.await(10, TimeUnit.SECONDS)).isTrue();
        ResourceManagerStat during = client.resourceManager().stat();
        assertThat(during.system().usage().connsOutbound()).isEqualTo(1);
        assertThat(during.protocols().get(HOLD).usage().streamsOutbound()).isEqualTo(2);
        assertThat(server.resourceManager().stat().peers().get(client.peerId()).usage())
                .isEqualTo(new ResourceUsage(1, 0, 2, 0, 2 * ResourceLimitConfig.STREAM_MEMORY));

        c.close(); // the streams were never closed by their owner
        ResourceManagerStat after = client.resourceManager().stat();
        assertThat(after.system().usage()).isEqualTo(new ResourceUsage(0, 0, 0, 0, 0));
        assertThat(after.transientScope().usage().isIdle()).isTrue();
        assertThat(after.peers()).isEmpty();
        assertThat(after.protocols()).isEmpty();
        left1.close(); // late closes change nothing
        left2.reset();
        assertThat(client.resourceManager().stat().system().usage().isIdle()).isTrue();
        await(() -> server.resourceManager().stat().system().usage().isIdle());
        assertThat(server.resourceManager().stat().peers()).isEmpty();
    }

    @Test
    void inboundConnectionsOverTheSystemLimitAreRefusedUnlessAllowlisted() throws Exception {
        ResourceLimitConfig r = ResourceLimitConfig.defaults();
        Host server = hosts.start(HostConfig.defaults().withResources(
                r.withSystem(r.system().with("ConnsInbound", 1))));
        server.setHandler(ECHO, s -> s.in().transferTo(s.out()));
        Host first = hosts.start();
        Host second = hosts.start();
        first.connect(TestHosts.dialable(server));
        try {
            second.connect(TestHosts.dialable(server)); // reset before the handshake
        } catch (IOException expected) {
            // refused
        }
        await(() -> !second.isConnected(server.peerId()));
        assertThat(server.isConnected(second.peerId())).isFalse();
        assertThat(server.resourceManager().stat().system().usage().connsInbound()).isEqualTo(1);

        Host listed = hosts.start(HostConfig.defaults().withResources(r.withSystem(r.system().with("ConnsInbound", 1))
                .withAllowlist(ResourceAllowlist.parse(List.of("/ip4/127.0.0.0/ipcidr/8")))));
        listed.setHandler(ECHO, s -> s.in().transferTo(s.out()));
        first.connect(TestHosts.dialable(listed));
        second.connect(TestHosts.dialable(listed));
        try (NegotiatedStream s = second.newStream(listed.peerId(), ECHO)) {
            assertThat(echo(s, 3)).containsExactly(3);
        }
        assertThat(listed.resourceManager().stat().system().usage().connsInbound()).isEqualTo(2);
    }

    @Test
    void anOutboundConnectionOverALimitFailsBeforeDialling() throws Exception {
        Host server = hosts.start();
        ResourceLimitConfig r = ResourceLimitConfig.defaults();
        Host client = hosts.start(HostConfig.defaults().withResources(r.withSystem(r.system().with("ConnsOutbound",
                0))));
        assertThatThrownBy(() -> client.connect(TestHosts.dialable(server)))
                .isInstanceOf(ResourceLimitException.class)
                .hasMessage("resource limit exceeded: system connections outbound 0");
        assertThat(server.connectionManager().connectionCount()).isZero();
        assertThat(client.resourceManager().stat().transientScope().usage().isIdle()).isTrue();
    }
}
