package dev.ferry.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fixtures behave as documented: the proxy delays, corrupts and cuts; the pipe gives backpressure and EOF. */
@Timeout(30)
class TcpProxyTest {
    private ServerSocket echoServer;

    @BeforeEach
    void startEcho() throws IOException {
        echoServer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echoServer.isClosed()) {
                try {
                    Socket s = echoServer.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // peer gone
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stopEcho() throws IOException {
        echoServer.close();
    }

    private InetSocketAddress echo() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), echoServer.getLocalPort());
    }

    private static Socket connect(TcpProxy p) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), p.port());
        s.setTcpNoDelay(true);
        return s;
    }

    @Test
    void delayAddsLatencyBothWays() throws Exception {
        try (TcpProxy p = TcpProxy.start(echo()).delay(Duration.ofMillis(50)); Socket s = connect(p)) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(1);
            assertThat(s.getInputStream().read()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        }
    }

    @Test
    void corruptFlipsExactlyOneByte() throws Exception {
        try (TcpProxy p = TcpProxy.start(echo()).corrupt(TcpProxy.Direction.TO_TARGET, 2); Socket s = connect(p)) {
            s.getOutputStream().write(new byte[] {1, 2, 3, 4});
            assertThat(s.getInputStream().readNBytes(4)).containsExactly(1, 2, ~3, 4);
        }
    }

    @Test
    void cutAfterClosesTheConnection() throws Exception {
        try (TcpProxy p = TcpProxy.start(echo()).cutAfter(3); Socket s = connect(p)) {
            s.getOutputStream().write(new byte[] {1, 2, 3, 4, 5});
            InputStream in = s.getInputStream();
            assertThatThrownBy(() -> {
                byte[] got = in.readNBytes(5); // at most the first bytes come back, then EOF or reset
                if (got.length < 5) {
                    throw new IOException("short: " + got.length);
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void memoryPipeBlocksAWriterWhenFullAndGivesEof() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create(8);
        pipe.a().out().write(new byte[8]);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                pipe.a().out().write(new byte[] {9});
                pipe.a().closeWrite();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(pipe.b().in().readNBytes(8)).hasSize(8); // frees space: the writer continues
        writer.join(Duration.ofSeconds(5));
        assertThat(pipe.b().in().read()).isEqualTo(9);
        assertThat(pipe.b().in().read()).isEqualTo(-1);
        pipe.b().reset();
        assertThatThrownBy(() -> pipe.a().in().read()).isInstanceOf(IOException.class);
    }
}
