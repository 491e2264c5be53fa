package dev.ferry.net.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WebSocket transport over loopback TCP, against itself and against a hand-written peer speaking raw frames. */
@Timeout(30)
class WebSocketConnectionTest {
    private final WebSocketTransport ws = new WebSocketTransport(new TcpTransport());
    private final BlockingQueue<WebSocketConnection> accepted = new LinkedBlockingQueue<>();
    private TcpTransport.Listener listener;

    @BeforeEach
    void listen() throws IOException {
        listener = ws.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws"), c -> {
            accepted.add(c);
            // as a host does at once: its first read runs the opening handshake
            Thread.ofVirtual().start(() -> {
                try {
                    c.handshake();
                } catch (IOException ignored) {
                    // the test reads the failure again
                }
            });
        });
    }

    @AfterEach
    void close() {
        listener.close();
        accepted.forEach(WebSocketConnection::reset);
    }

    private WebSocketConnection server() throws InterruptedException {
        WebSocketConnection c = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("a connection was accepted").isNotNull();
        return c;
    }

    @Test
    void listenAddressAndConnectionAddressesAreWebSocketOnes() throws Exception {
        assertThat(listener.listenAddress().toString()).matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+/ws");
        try (WebSocketConnection c = ws.dial(listener.listenAddress(), Duration.ofSeconds(5), ip -> true)) {
            assertThat(c.role()).isEqualTo(WebSocketConnection.Role.CLIENT);
            assertThat(c.remoteAddress()).isEqualTo(listener.listenAddress().toString());
            assertThat(c.localAddress()).endsWith("/ws");
            WebSocketConnection s = server();
            assertThat(s.role()).isEqualTo(WebSocketConnection.Role.SERVER);
            assertThat(s.remoteAddress()).isEqualTo(c.localAddress());
        }
        assertThat(WebSocketTransport.isWebSocket(Multiaddr.parse("/dns4/example.com/tcp/443/ws/p2p/"
                + "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"))).isTrue();
        assertThat(WebSocketTransport.isWebSocket(Multiaddr.parse("/ip4/1.2.3.4/tcp/443/wss"))).isTrue();
        assertThat(WebSocketTransport.parse(Multiaddr.parse("/dns4/a.example/tcp/443/tls/sni/b.example/ws")))
                .isEqualTo(new WebSocketTransport.Parsed(Multiaddr.parse("/dns4/a.example/tcp/443"), true, "b.example"));
        assertThat(WebSocketTransport.isWebSocket(Multiaddr.parse("/ip4/1.2.3.4/tcp/443/tls"))).isFalse();
        assertThat(WebSocketTransport.isWebSocket(Multiaddr.parse("/ip4/1.2.3.4/tcp/443/ws/ws"))).isFalse();
        assertThat(WebSocketTransport.isWebSocket(Multiaddr.parse("/ip4/1.2.3.4/tcp/443"))).isFalse();
        assertThat(WebSocketTransport.hostHeader(Multiaddr.parse("/ip6/::1/tcp/80/ws"))).isEqualTo("[::1]:80");
    }

    @Test
    void bytesFlowBothWaysInWritesOfEverySize() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(1).nextBytes(data);
        WebSocketConnection c = ws.dial(listener.listenAddress(), Duration.ofSeconds(5), ip -> true);
        WebSocketConnection s = server();
        // the server echoes until the client's close frame, then closes in turn
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            try {
                byte[] buf = new byte[10_000];
                for (int n; (n = s.in().read(buf)) >= 0; ) {
                    s.out().write(buf, 0, n);
                    s.out().flush();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
            try {
                return c.in().readNBytes(data.length);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        int[] sizes = {1, 2, 125, 126, 127, 65535, 65536, 70_000, 1 << 20};
        int off = 0;
        for (int i = 0; off < data.length; i++) {
            int n = Math.min(sizes[i % sizes.length], data.length - off);
            if (n == 1) {
                c.out().write(data[off]);
            } else {
                c.out().write(data, off, n);
            }
            off += n;
            if (i % 3 == 0) {
                c.out().flush();
            }
        }
        c.out().flush();
        assertThat(Arrays.equals(back.get(20, TimeUnit.SECONDS), data)).isTrue();
        c.closeWrite();
        echo.get(10, TimeUnit.SECONDS);
        assertThat(c.in().read()).as("the server's close frame ends the client's input").isEqualTo(-1);
        assertThatThrownBy(() -> c.out().write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    /** A raw client: the handshake by hand, then frames built here. */
    private static final class RawClient implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        RawClient(Multiaddr address) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(address.components().get(1).valueString())));
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        String handshake() throws IOException {
            out.write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return head();
        }

        String head() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int x = in.read();
                if (x < 0) {
                    break;
                }
                b.write(x);
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        void frame(boolean fin, int opcode, boolean masked, byte[] payload) throws IOException {
            int key = 0x37FA213D;
            WebSocketFrameHeader h = new WebSocketFrameHeader(fin, opcode, masked, masked ? key : 0, payload.length);
            byte[] head = new byte[WebSocketFrameHeader.MAX_SIZE];
            out.write(head, 0, h.encode(head, 0));
            byte[] p = payload.clone();
            if (masked) {
                WebSocketConnection.mask(p, 0, p.length, key, 0);
            }
            out.write(p);
            out.flush();
        }

        /** The next frame from the server: its header and payload. */
        Object[] read() throws IOException {
            WebSocketFrameHeader h = WebSocketFrameHeader.read(in);
            if (h == null) {
                return null;
            }
            byte[] p = new byte[(int) h.length()];
            in.readFully(p);
            return new Object[] {h, p};
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fragmentsJoinAndPingsInsideThemAreAnswered() throws Exception {
        try (RawClient raw = new RawClient(listener.listenAddress())) {
            WebSocketConnection s = server();
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.in().readNBytes(5);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            assertThat(raw.handshake()).startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            raw.frame(false, WebSocketFrameHeader.OP_BINARY, true, ascii("hel"));
            raw.frame(true, WebSocketFrameHeader.OP_PING, true, ascii("are you there"));
            raw.frame(false, WebSocketFrameHeader.OP_CONTINUATION, true, new byte[0]);
            raw.frame(true, WebSocketFrameHeader.OP_CONTINUATION, true, ascii("lo"));
            assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo(ascii("hello"));
            Object[] pong = raw.read();
            WebSocketFrameHeader h = (WebSocketFrameHeader) pong[0];
            assertThat(h.opcode()).isEqualTo(WebSocketFrameHeader.OP_PONG);
            assertThat(h.masked()).as("a server never masks").isFalse();
            assertThat((byte[]) pong[1]).isEqualTo(ascii("are you there"));
            // the server's own data arrives as one unmasked binary frame per flush
            s.out().write(ascii("world"));
            s.out().flush();
            Object[] data = raw.read();
            assertThat(((WebSocketFrameHeader) data[0]).opcode()).isEqualTo(WebSocketFrameHeader.OP_BINARY);
            assertThat((byte[]) data[1]).isEqualTo(ascii("world"));
        }
    }

    @Test
    void aCloseFrameIsAnsweredAndEndsTheStream() throws Exception {
        try (RawClient raw = new RawClient(listener.listenAddress())) {
            WebSocketConnection s = server();
            raw.handshake();
            raw.frame(true, WebSocketFrameHeader.OP_BINARY, true, ascii("last"));
            raw.frame(true, WebSocketFrameHeader.OP_CLOSE, true, new byte[] {0x03, (byte) 0xE8});
            assertThat(s.in().readAllBytes()).isEqualTo(ascii("last"));
            Object[] close = raw.read();
            assertThat(((WebSocketFrameHeader) close[0]).opcode()).isEqualTo(WebSocketFrameHeader.OP_CLOSE);
            assertThat((byte[]) close[1]).containsExactly(0x03, 0xE8);
            assertThat(raw.in.read()).as("then the server closes the TCP connection").isEqualTo(-1);
        }
    }

    private void assertRefused(int opcode, boolean masked, int expectedCode, String message) throws Exception {
        try (RawClient raw = new RawClient(listener.listenAddress())) {
            WebSocketConnection s = server();
            raw.handshake();
            raw.frame(true, opcode, masked, ascii("data"));
            assertThatThrownBy(() -> s.in().read()).isInstanceOf(WebSocketException.class)
                    .hasMessageContaining(message);
            Object[] close = raw.read();
            assertThat(((WebSocketFrameHeader) close[0]).opcode()).isEqualTo(WebSocketFrameHeader.OP_CLOSE);
            byte[] code = (byte[]) close[1];
            assertThat(((code[0] & 0xFF) << 8) | (code[1] & 0xFF)).isEqualTo(expectedCode);
            assertThat(raw.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void unmaskedClientFramesAreAProtocolError() throws Exception {
        assertRefused(WebSocketFrameHeader.OP_BINARY, false, WebSocketFrameHeader.CLOSE_PROTOCOL_ERROR, "unmasked");
    }

    @Test
    void textFramesAreRefused() throws Exception {
        assertRefused(WebSocketFrameHeader.OP_TEXT, true, WebSocketFrameHeader.CLOSE_UNSUPPORTED_DATA, "text frame");
    }

    @Test
    void aContinuationWithoutAMessageIsAProtocolError() throws Exception {
        assertRefused(WebSocketFrameHeader.OP_CONTINUATION, true, WebSocketFrameHeader.CLOSE_PROTOCOL_ERROR,
                "continuation");
    }

    @Test
    void aPlainHttpRequestIsAnswered426AndClosed() throws Exception {
        try (RawClient raw = new RawClient(listener.listenAddress())) {
            WebSocketConnection s = server();
            raw.out.write(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(raw.head()).startsWith("HTTP/1.1 426 Upgrade Required");
            assertThatThrownBy(() -> s.in().read()).isInstanceOf(WebSocketException.class)
                    .hasMessageContaining("without a WebSocket upgrade");
            assertThat(raw.in.read()).isEqualTo(-1);
        }
    }

    @Test
    void theClientRefusesAServerThatIsNotOne() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Multiaddr addr = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + fake.getLocalPort() + "/ws");
            Thread.ofVirtual().start(() -> {
                try (Socket s = fake.accept()) {
                    InputStream in = s.getInputStream();
                    in.read(new byte[4096]);
                    s.getOutputStream().write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"));
                    s.getOutputStream().flush();
                    Thread.sleep(2_000);
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            assertThatThrownBy(() -> ws.dial(addr, Duration.ofSeconds(5), ip -> true))
                    .isInstanceOf(WebSocketException.class).hasMessageContaining("refused").hasMessageContaining("200");
        }
    }

    @Test
    void aSilentServerTimesTheHandshakeOut() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Multiaddr addr = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + fake.getLocalPort() + "/ws");
            long start = System.nanoTime();
            assertThatThrownBy(() -> ws.dial(addr, Duration.ofMillis(500), ip -> true))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("did not finish");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
