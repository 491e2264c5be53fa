package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection manager limits over real loopback TCP; each limit has a twin showing traffic under it still works. */
@Timeout(60)
class HostLimitsTest {
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    /** A clock that moves one second per reading: admission order becomes LRU order. */
    static InstantSource ticking() {
        AtomicLong t = new AtomicLong();
        return () -> Instant.ofEpochSecond(1_000_000 + t.incrementAndGet());
    }

    static CountDownLatch disconnects(Host h, int n) {
        CountDownLatch l = new CountDownLatch(n);
        h.addListener(new HostListener() {
            @Override
            public void disconnected(Connection connection) {
                l.countDown();
            }
        });
        return l;
    }

    static Socket rawSocket(Host h) throws IOException {
        var addr = h.listenAddresses().getFirst();
        Socket s = new Socket();
        s.setSoTimeout(10_000); // before connect: a shed connection may be reset at once
        s.connect(new InetSocketAddress(addr.valueOf("ip4").orElseThrow(),
                Integer.parseInt(addr.valueOf("tcp").orElseThrow())), 5000);
        return s;
    }

    /** Reads until EOF or reset; returns how long that took. */
    static Duration timeToClose(Socket s) throws IOException {
        long start = System.nanoTime();
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // the listener's multistream header may arrive first
            }
        } catch (java.net.SocketTimeoutException e) {
            throw e;
        } catch (IOException reset) {
            // a reset is a close too
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void totalConnectionLimitRefusesTheNextPeer() throws Exception {
        Host b = hosts.start(HostConfig.defaults().withConnectionLimits(2, 2, 1, Duration.ZERO));
        Host a1 = hosts.start();
        Host a2 = hosts.start();
        Host a3 = hosts.start();
        a1.connect(TestHosts.dialable(b));
        a2.connect(TestHosts.dialable(b));
        CountDownLatch refused = disconnects(a3, 1);
        try {
            a3.connect(TestHosts.dialable(b)); // may finish on a3's side before b refuses it
        } catch (IOException expected) {
            // or fail during the upgrade
        }
        assertThat(refused.await(10, TimeUnit.SECONDS) || !a3.isConnected(b.peerId())).isTrue();
        assertThat(b.connectionManager().connectionCount()).isEqualTo(2);
        assertThat(b.isConnected(a3.peerId())).isFalse();

        // twin: when a slot frees, the same peer gets in and stays
        CountDownLatch gone = disconnects(b, 1);
        a1.connections(b.peerId()).forEach(Connection::close);
        assertThat(gone.await(10, TimeUnit.SECONDS)).isTrue();
        b.setHandler("/echo/1.0.0", s -> s.in().transferTo(s.out()));
        Connection c = a3.connect(TestHosts.dialable(b));
        try (NegotiatedStream s = c.newStream("/echo/1.0.0")) {
            s.out().write(1);
            s.closeWrite();
            assertThat(s.in().readAllBytes()).containsExactly(1);
        }
        assertThat(b.connectionManager().connectionCount()).isEqualTo(2);
    }

    @Test
    void trimmingClosesLeastRecentlyUsedUnprotectedPeers() throws Exception {
        Host b = hosts.start(HostConfig.defaults().withConnectionLimits(10, 3, 2, Duration.ZERO), ticking());
        Host c1 = hosts.start();
        Host c2 = hosts.start();
        Host c3 = hosts.start();
        Host c4 = hosts.start();
        b.connectionManager().protect(c1.peerId(), "test");
        CountDownLatch trimmed = disconnects(b, 2);
        for (Host c : List.of(c1, c2, c3)) {
            c.connect(TestHosts.dialable(b));
        }
        awaitCount(b, 3);
        c4.connect(TestHosts.dialable(b));
        assertThat(trimmed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.connectionManager().connectionCount()).isEqualTo(2);
        assertThat(b.isConnected(c1.peerId())).as("protected").isTrue();
        assertThat(b.isConnected(c4.peerId())).as("most recent").isTrue();
        assertThat(b.isConnected(c2.peerId())).isFalse();
        assertThat(b.isConnected(c3.peerId())).isFalse();
    }

    @Test
    void belowTheHighWatermarkNothingIsTrimmed() throws Exception {
        Host b = hosts.start(HostConfig.defaults().withConnectionLimits(10, 3, 2, Duration.ZERO), ticking());
        CountDownLatch trimmed = disconnects(b, 1);
        for (int i = 0; i < 3; i++) {
            hosts.start().connect(TestHosts.dialable(b));
        }
        awaitCount(b, 3);
        assertThat(trimmed.getCount()).isEqualTo(1);
        assertThat(b.connectionManager().connectionCount()).isEqualTo(3);
    }

    /** Waits for the listener side to admit {@code n} connections (admission follows the dialer's upgrade). */
    static void awaitCount(Host h, int n) throws InterruptedException {
        CountDownLatch admitted = new CountDownLatch(1);
        HostListener l = new HostListener() {
            @Override
            public void connected(Connection connection) {
                if (h.connectionManager().connectionCount() >= n) {
                    admitted.countDown();
                }
            }
        };
        h.addListener(l);
        if (h.connectionManager().connectionCount() >= n) {
            admitted.countDown();
        }
        assertThat(admitted.await(10, TimeUnit.SECONDS)).isTrue();
        h.removeListener(l);
    }

    /** Reads the listener's multistream header (20 bytes: 0x13 "/multistream/1.0.0\n"). */
    static void awaitHeader(Socket s) throws IOException {
        byte[] header = s.getInputStream().readNBytes(20);
        assertThat(header).hasSize(20);
        assertThat(header[0]).isEqualTo((byte) 0x13);
    }

    @Test
    void pendingHandshakeLimitShedsExtraConnections() throws Exception {
        Host b = hosts.start(HostConfig.defaults().withMaxPendingInbound(2));
        try (Socket silent1 = rawSocket(b); Socket silent2 = rawSocket(b)) {
            // the listener sends its multistream header once an upgrade holds a permit: both permits are taken
            awaitHeader(silent1);
            awaitHeader(silent2);
            Socket third;
            try {
                third = rawSocket(b);
            } catch (java.net.SocketException resetWhileConnecting) {
                // shed so fast that the reset reached us before connect() returned
                assertThat(b.connectionManager().pendingInbound()).isEqualTo(2);
                return;
            }
            assertThat(timeToClose(third)).isLessThan(Duration.ofSeconds(5));
            assertThat(b.connectionManager().pendingInbound()).isEqualTo(2);
            third.close();
        }
    }

    @Test
    void underThePendingLimitAHandshakeStillSucceeds() throws Exception {
        Host b = hosts.start(HostConfig.defaults().withMaxPendingInbound(2));
        try (Socket silent = rawSocket(b)) {
            Host a = hosts.start();
            assertThat(a.connect(TestHosts.dialable(b)).remotePeer()).isEqualTo(b.peerId());
        }
    }

    @Test
    void silentPeerIsDroppedAfterTheUpgradeTimeout() throws Exception {
        Host b = hosts.start(HostConfig.defaults().withUpgradeTimeout(Duration.ofMillis(1500)));
        try (Socket silent = rawSocket(b)) {
            Duration d = timeToClose(silent);
            assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(1200)).isLessThan(Duration.ofSeconds(8));
        }
        // twin: a peer that speaks completes within the same timeout
        Host a = hosts.start(HostConfig.defaults().withUpgradeTimeout(Duration.ofMillis(1500)));
        assertThat(a.connect(TestHosts.dialable(b)).remotePeer()).isEqualTo(b.peerId());
    }

    @Test
    void perPeerConnectionLimit() throws Exception {
        Host b = hosts.start(HostConfig.defaults().withMaxConnectionsPerPeer(1));
        dev.ferry.identity.Identity shared = dev.ferry.identity.Identity.generate(new java.security.SecureRandom());
        // two hosts with one identity: b sees two connections from the same peer id
        Host a1 = hosts.start(shared);
        Host a2 = hosts.start(shared);
        a1.connect(TestHosts.dialable(b));
        awaitCount(b, 1);
        CountDownLatch refused = disconnects(a2, 1);
        try {
            a2.connect(TestHosts.dialable(b));
        } catch (IOException expected) {
            // refused during or right after the upgrade
        }
        assertThat(refused.await(10, TimeUnit.SECONDS) || !a2.isConnected(b.peerId())).isTrue();
        assertThat(b.connections(shared.peerId())).hasSize(1);
    }

    @Test
    void twoConnectionsPerPeerAreAllowedByDefault() throws Exception {
        Host b = hosts.start();
        dev.ferry.identity.Identity shared = dev.ferry.identity.Identity.generate(new java.security.SecureRandom());
        hosts.start(shared).connect(TestHosts.dialable(b));
        hosts.start(shared).connect(TestHosts.dialable(b));
        awaitCount(b, 2);
        assertThat(b.connections(shared.peerId())).hasSize(2);
    }

    @Test
    void streamsPerConnectionLimit() throws Exception {
        Host b = hosts.start(HostConfig.defaults().withMaxStreamsPerConnection(3));
        Host a = hosts.start();
        b.setHandler("/hold/1.0.0", s -> s.in().transferTo(java.io.OutputStream.nullOutputStream()));
        PeerId pb = b.peerId();
        a.connect(TestHosts.dialable(b));
        NegotiatedStream s1 = a.newStream(pb, "/hold/1.0.0");
        NegotiatedStream s2 = a.newStream(pb, "/hold/1.0.0");
        NegotiatedStream s3 = a.newStream(pb, "/hold/1.0.0");
        assertThatThrownBy(() -> a.newStream(pb, "/hold/1.0.0")).isInstanceOf(IOException.class);
        // twin: one finishes, the next is accepted
        s1.closeWrite();
        assertThat(s1.in().read()).isEqualTo(-1);
        s1.close();
        try (NegotiatedStream s4 = a.newStream(pb, "/hold/1.0.0")) {
            assertThat(s4.protocol()).isEqualTo("/hold/1.0.0");
        }
        s2.close();
        s3.close();
        assertThat(a.isConnected(pb)).isTrue();
    }
}
