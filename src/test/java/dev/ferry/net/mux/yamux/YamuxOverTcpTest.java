package dev.ferry.net.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.net.transport.TcpTransport;
import dev.ferry.testing.net.TcpProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lower stack end to end over real sockets: TCP, multistream, Yamux, multistream per stream. */
@Timeout(60)
class YamuxOverTcpTest {
    private static final String ECHO = "/echo/1.0.0";
    private static final String SINK = "/sink/1.0.0";
    private final TcpTransport tcp = new TcpTransport(Duration.ofSeconds(5));
    private final CompletableFuture<YamuxSession> serverSession = new CompletableFuture<>();
    private final CompletableFuture<YamuxStream> sinkStream = new CompletableFuture<>();
    private TcpTransport.Listener listener;

    @BeforeEach
    void listen() throws IOException {
        listener = tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), conn -> {
            Multistream.handle(conn, Set.of(YamuxMuxer.PROTOCOL_ID));
            serverSession.complete(new YamuxMuxer().start(conn, false, this::serve));
        });
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        if (serverSession.isDone()) {
            serverSession.get().close();
        }
    }

    private void serve(YamuxStream s) throws IOException {
        String p = Multistream.handle(s, Set.of(ECHO, SINK));
        if (p.equals(ECHO)) {
            YamuxTestSupport.echo(s);
        } else {
            sinkStream.complete(s);
            s.in().transferTo(OutputStream.nullOutputStream());
            s.closeWrite();
        }
    }

    private YamuxSession dial(Multiaddr addr) throws IOException {
        DuplexStream conn = tcp.dial(addr);
        assertThat(Multistream.select(conn, List.of("/mplex/6.7.0", YamuxMuxer.PROTOCOL_ID)))
                .isEqualTo(YamuxMuxer.PROTOCOL_ID);
        return new YamuxMuxer().start(conn, true, null);
    }

    private static Multiaddr viaProxy(TcpProxy proxy) {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + proxy.port());
    }

    private InetSocketAddress target() {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(listener.listenAddress().valueOf("tcp").orElseThrow()));
    }

    @Test
    void fullStackEcho() throws Exception {
        try (YamuxSession session = dial(listener.listenAddress())) {
            for (int i = 0; i < 8; i++) {
                YamuxStream s = session.openStream();
                assertThat(Multistream.select(s, List.of(ECHO))).isEqualTo(ECHO);
                byte[] data = new byte[100_000 * (i + 1)];
                new Random(i).nextBytes(data);
                CompletableFuture<byte[]> back = YamuxTestSupport.async(() -> s.in().readAllBytes());
                s.out().write(data);
                s.closeWrite();
                assertThat(back.get(20, TimeUnit.SECONDS)).isEqualTo(data);
                s.close();
            }
            assertThat(session.ping()).isPositive();
            assertThat(session.remoteAddress()).isEqualTo(listener.listenAddress().toString());
        }
    }

    @Test
    void windowGrowsOnAPathWithLatency() throws Exception {
        try (TcpProxy proxy = TcpProxy.start(target()).delay(Duration.ofMillis(5));
                YamuxSession session = dial(viaProxy(proxy))) {
            session.ping();
            YamuxStream s = session.openStream();
            Multistream.select(s, List.of(SINK));
            byte[] chunk = new byte[256 * 1024];
            for (int i = 0; i < 64; i++) { // 16 MiB
                s.out().write(chunk);
            }
            s.closeWrite();
            assertThat(s.in().read()).isEqualTo(-1); // the sink read everything
            YamuxStream remote = sinkStream.get(5, TimeUnit.SECONDS);
            assertThat(remote.receiveWindow()).isGreaterThan(YamuxConfig.INITIAL_WINDOW);
        }
    }

    @Test
    void corruptedFrameEndsTheSessionWithGoAway() throws Exception {
        // the client sends 20 (header) + 14 ("/mplex/6.7.0", refused) + 14 ("/yamux/1.0.0") bytes of multistream;
        // byte 48 is the version byte of its first Yamux frame
        try (TcpProxy proxy = TcpProxy.start(target()).corrupt(TcpProxy.Direction.TO_TARGET, 48);
                YamuxSession session = dial(viaProxy(proxy))) {
            // the first Yamux frame is the keep-alive ping or this SYN; the GoAway may already have arrived
            YamuxStream s = null;
            try {
                s = session.openStream();
            } catch (IOException raced) {
                // GoAway received, or the session already ended
            }
            session.closeFuture().get(10, TimeUnit.SECONDS);
            // the server drains our input before closing, so its GoAway is not lost to an RST
            assertThat(session.remoteGoAway()).isEqualTo(GoAwayCode.PROTOCOL_ERROR);
            assertThat(serverSession.get(5, TimeUnit.SECONDS).closeCause())
                    .isInstanceOf(YamuxException.ProtocolError.class).hasMessageContaining("version");
            if (s != null) {
                try {
                    s.out().write(1);
                    throw new AssertionError("write on a closed session");
                } catch (IOException expected) {
                    // the session is gone
                }
            }
        }
    }

    @Test
    void cutConnectionFailsBlockedCallsPromptly() throws Exception {
        try (TcpProxy proxy = TcpProxy.start(target()); YamuxSession session = dial(viaProxy(proxy))) {
            YamuxStream s = session.openStream();
            Multistream.select(s, List.of(ECHO));
            CompletableFuture<Integer> blockedRead = YamuxTestSupport.async(() -> s.in().read());
            proxy.cutAll();
            try {
                blockedRead.get(10, TimeUnit.SECONDS);
                throw new AssertionError("read should fail");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IOException.class);
            }
            session.closeFuture().get(10, TimeUnit.SECONDS);
            serverSession.get(5, TimeUnit.SECONDS).closeFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void manyStreamsOverTcpKeepTheirBytes() throws Exception {
        try (YamuxSession session = dial(listener.listenAddress())) {
            List<CompletableFuture<Boolean>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int seed = i;
                all.add(YamuxTestSupport.async(() -> {
                    Random r = new Random(seed);
                    byte[] data = new byte[r.nextInt(300_000)];
                    r.nextBytes(data);
                    YamuxStream s = session.openStream();
                    Multistream.select(s, List.of(ECHO));
                    CompletableFuture<byte[]> back = YamuxTestSupport.async(() -> s.in().readAllBytes());
                    s.out().write(data);
                    s.closeWrite();
                    byte[] got = back.get(30, TimeUnit.SECONDS);
                    CRC32 a = new CRC32();
                    a.update(data);
                    CRC32 b = new CRC32();
                    b.update(got);
                    return a.getValue() == b.getValue() && got.length == data.length;
                }));
            }
            for (var f : all) {
                assertThat(f.get(40, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
