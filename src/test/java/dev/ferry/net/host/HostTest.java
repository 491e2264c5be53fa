package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import dev.ferry.net.security.noise.PeerIdMismatchException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HostTest {
    static final String ECHO = "/echo/1.0.0";
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    static void echo(NegotiatedStream s) throws Exception {
        InputStream in = s.in();
        OutputStream out = s.out();
        byte[] buf = new byte[16384];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
        s.closeWrite();
    }

    @Test
    void connectAndEcho() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        b.setHandler(ECHO, HostTest::echo);
        Connection c = a.connect(TestHosts.dialable(b));
        assertThat(c.remotePeer()).isEqualTo(b.peerId());
        assertThat(c.direction()).isEqualTo(Direction.OUTBOUND);
        try (NegotiatedStream s = a.newStream(b.peerId(), "/nope/1.0.0", ECHO)) {
            assertThat(s.protocol()).isEqualTo(ECHO);
            s.out().write("hello".getBytes());
            s.closeWrite();
            assertThat(new String(s.in().readAllBytes())).isEqualTo("hello");
        }
        assertThat(b.isConnected(a.peerId())).isTrue();
        assertThat(b.peerStore().get(a.peerId()).orElseThrow().publicKey()).isNotNull();
    }

    @Test
    void unknownProtocolIsRefused() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        a.connect(TestHosts.dialable(b));
        assertThatThrownBy(() -> a.newStream(b.peerId(), "/nope/1.0.0"))
                .isInstanceOf(ProtocolNotSupportedException.class);
        // the connection survives a refused stream
        b.setHandler(ECHO, HostTest::echo);
        try (NegotiatedStream s = a.newStream(b.peerId(), ECHO)) {
            assertThat(s.protocol()).isEqualTo(ECHO);
        }
    }

    @Test
    void lazyStreamsEchoAndARefusalFailsTheFirstRead() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        b.setHandler(ECHO, HostTest::echo);
        a.connect(TestHosts.dialable(b));
        for (int i = 0; i < 20; i++) {
            try (NegotiatedStream s = a.newStreamLazily(b.peerId(), ECHO)) {
                assertThat(s.protocol()).isEqualTo(ECHO);
                s.out().write(("hello " + i).getBytes());
                s.closeWrite();
                assertThat(new String(s.in().readAllBytes())).isEqualTo("hello " + i);
            }
        }
        NegotiatedStream refused = a.newStreamLazily(b.peerId(), "/nope/1.0.0");
        assertThatThrownBy(() -> refused.in().read()).isInstanceOf(ProtocolNotSupportedException.class);
        refused.reset();
        // data sent behind a refused proposal: the listener takes it for a malformed proposal and resets the stream,
        // so the first read meets the refusal or the reset, whichever arrives first
        NegotiatedStream refusedWithData = a.newStreamLazily(b.peerId(), "/nope/1.0.0");
        refusedWithData.out().write("lost".getBytes());
        assertThatThrownBy(() -> {
            refusedWithData.out().flush(); // the reset may already be back
            refusedWithData.in().read();
        }).isInstanceOf(java.io.IOException.class);
        refusedWithData.reset();
        // the connection survives, and its stream slots are given back
        try (NegotiatedStream s = a.newStreamLazily(b.peerId(), ECHO)) {
            s.out().write(new byte[] {7});
            s.closeWrite();
            assertThat(s.in().readAllBytes()).containsExactly(7);
        }
        Connection c = a.connections(b.peerId()).getFirst();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (c.openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the echo handler's side closes on its own thread
        }
        assertThat(c.openStreams()).isZero();
    }

    @Test
    void fiftyConcurrentEchoStreamsWithChecksums() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        b.setHandler(ECHO, HostTest::echo);
        a.connect(TestHosts.dialable(b));
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            int seed = i;
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            results.add(f);
            Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    byte[] data = new byte[100_000 + seed * 1000];
                    new Random(seed).nextBytes(data);
                    try (NegotiatedStream s = a.newStream(b.peerId(), ECHO)) {
                        CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                            try {
                                return s.in().readAllBytes();
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        }, r -> Thread.ofVirtual().start(r));
                        for (int off = 0; off < data.length; off += 7000) {
                            s.out().write(data, off, Math.min(7000, data.length - off));
                        }
                        s.closeWrite();
                        byte[] got = back.get(30, TimeUnit.SECONDS);
                        f.complete(MessageDigest.isEqual(sha(got), sha(data)));
                    }
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        }
        go.countDown();
        for (CompletableFuture<Boolean> f : results) {
            assertThat(f.get(45, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(a.connections(b.peerId())).hasSize(1);
    }

    static byte[] sha(byte[] d) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(d);
    }

    @Test
    void peerIdMismatchIsRefused() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        Host c = hosts.start();
        // b's address with c's peer id
        Multiaddr wrong = b.listenAddresses().getFirst().encapsulate("/p2p/" + c.peerId());
        assertThatThrownBy(() -> a.connect(wrong)).isInstanceOf(PeerIdMismatchException.class);
        assertThat(a.isConnected(b.peerId())).isFalse();
        assertThat(a.isConnected(c.peerId())).isFalse();
        // twin: the right id at the same address works
        assertThat(a.connect(TestHosts.dialable(b)).remotePeer()).isEqualTo(b.peerId());
    }

    @Test
    void simultaneousDialsAreMerged() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        List<CompletableFuture<Connection>> dials = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            CompletableFuture<Connection> f = new CompletableFuture<>();
            dials.add(f);
            Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    f.complete(a.connect(TestHosts.dialable(b)));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        }
        go.countDown();
        Connection first = dials.getFirst().get(20, TimeUnit.SECONDS);
        for (CompletableFuture<Connection> f : dials) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(a.connections(b.peerId())).hasSize(1);
    }
}
