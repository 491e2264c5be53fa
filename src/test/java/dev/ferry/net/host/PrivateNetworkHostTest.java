package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.pnet.SwarmKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hosts inside a private network (PSK v1) talk to members only, in both directions. */
@Timeout(60)
class PrivateNetworkHostTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    // a peer outside the network may leave the upgrade hanging rather than failing at once: keep that short
    private static final HostConfig SHORT = HostConfig.defaults().withUpgradeTimeout(Duration.ofSeconds(3));
    private final TestHosts hosts = new TestHosts();
    private final SwarmKey key = SwarmKey.generate(RANDOM);

    @AfterEach
    void close() {
        hosts.close();
    }

    @Test
    void membersConnectAndExchangeData() throws Exception {
        Host a = hosts.start(HostConfig.defaults().withPrivateNetwork(key));
        Host b = hosts.start(HostConfig.defaults().withPrivateNetwork(key));
        b.setHandler(HostTest.ECHO, HostTest::echo);
        a.connect(TestHosts.dialable(b));
        assertThat(a.isConnected(b.peerId())).isTrue();
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        try (NegotiatedStream s = a.newStream(b.peerId(), HostTest.ECHO)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    s.out().write(data);
                    s.closeWrite();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(s.in().readAllBytes()).isEqualTo(data);
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void outsidersAreRefusedBothWaysAndMembersStillServed() throws Exception {
        Host member = hosts.start(SHORT.withPrivateNetwork(key));
        Host publicPeer = hosts.start(SHORT);
        Host otherNetwork = hosts.start(SHORT.withPrivateNetwork(SwarmKey.generate(RANDOM)));

        assertThatThrownBy(() -> publicPeer.connect(TestHosts.dialable(member))).isInstanceOf(IOException.class)
                .hasMessageContaining("swarm.key");
        assertThatThrownBy(() -> otherNetwork.connect(TestHosts.dialable(member))).isInstanceOf(IOException.class)
                .hasMessageContaining("private network");
        assertThatThrownBy(() -> member.connect(TestHosts.dialable(publicPeer))).isInstanceOf(IOException.class)
                .hasMessageContaining("private network").hasMessageContaining("plain libp2p");
        assertThatThrownBy(() -> member.connect(TestHosts.dialable(otherNetwork))).isInstanceOf(IOException.class)
                .hasMessageContaining("private network");
        assertThat(member.isConnected(publicPeer.peerId())).isFalse();
        assertThat(member.isConnected(otherNetwork.peerId())).isFalse();
        assertThat(publicPeer.isConnected(member.peerId())).isFalse();

        // the twin: a member is still welcome, both ways
        Host second = hosts.start(SHORT.withPrivateNetwork(key));
        second.setHandler(HostTest.ECHO, HostTest::echo);
        member.connect(TestHosts.dialable(second));
        try (NegotiatedStream s = member.newStream(second.peerId(), HostTest.ECHO)) {
            s.out().write("inside".getBytes());
            s.closeWrite();
            assertThat(new String(s.in().readAllBytes())).isEqualTo("inside");
        }
        Host third = hosts.start(SHORT.withPrivateNetwork(SwarmKey.of(key.bytes())));
        third.connect(TestHosts.dialable(member));
        // the accepting side registers the connection on its own thread, just after the dialler
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!member.isConnected(third.peerId()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(member.isConnected(third.peerId())).isTrue();
    }
}
