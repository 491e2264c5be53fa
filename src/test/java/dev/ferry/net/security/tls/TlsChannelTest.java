package dev.ferry.net.security.tls;

import static dev.ferry.net.security.tls.TlsTestSupport.YAMUX;
import static dev.ferry.net.security.tls.TlsTestSupport.handshake;
import static dev.ferry.net.security.tls.TlsTestSupport.identity;
import static dev.ferry.net.security.tls.TlsTestSupport.tls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.transport.BufferPool;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.testing.net.MemoryPipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Buffers, timeouts and damaged records of the TLS stream. */
@Timeout(30)
class TlsChannelTest {

    @Test
    void buffersAreHeldOnlyWhileBytesAreInFlight() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        int before = BufferPool.shared().checkedOut();
        var p = handshake(tls(identity("ed25519"), YAMUX), tls(identity("ed25519"), YAMUX), pipe.a(), pipe.b(),
                null);
        assertThat(BufferPool.shared().checkedOut()).as("after the handshake").isEqualTo(before);

        byte[] data = new byte[200_000];
        new Random(5).nextBytes(data);
        p.client().out().write(data, 0, 1000);
        assertThat(BufferPool.shared().checkedOut()).as("writer gathering plaintext").isEqualTo(before + 1);
        p.client().out().flush();
        assertThat(BufferPool.shared().checkedOut()).as("flushed").isEqualTo(before);

        assertThat(p.server().in().readNBytes(400)).isEqualTo(Arrays.copyOf(data, 400));
        assertThat(BufferPool.shared().checkedOut()).as("plaintext unread").isEqualTo(before + 1);
        assertThat(p.server().in().available()).isEqualTo(600);
        assertThat(p.server().in().readNBytes(600)).isEqualTo(Arrays.copyOfRange(data, 400, 1000));
        assertThat(BufferPool.shared().checkedOut()).as("plaintext read").isEqualTo(before);

        CompletableFuture<byte[]> atServer = readAsync(p.server().in(), data.length);
        p.client().out().write(data);
        p.client().out().flush();
        assertThat(atServer.get(10, TimeUnit.SECONDS)).isEqualTo(data);
        assertThat(BufferPool.shared().checkedOut()).as("idle again").isEqualTo(before);

        p.client().close();
        assertThat(p.server().in().read()).isEqualTo(-1);
        p.server().close();
        assertThat(BufferPool.shared().checkedOut()).isEqualTo(before);
    }

    @Test
    void aSilentPeerTimesTheHandshakeOut() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        TlsSecurity client = new TlsSecurity(identity("ed25519"), YAMUX, Duration.ofMillis(300),
                TlsTestSupport.RANDOM, InstantSource.system());
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.secureOutbound(pipe.a(), null)).isInstanceOf(TlsException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aDamagedRecordFailsTheStreamForGood() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        Flipper flipper = new Flipper(pipe.a());
        var p = handshake(tls(identity("ed25519"), YAMUX), tls(identity("ed25519"), YAMUX), flipper, pipe.b(),
                null);
        p.client().out().write("fine".getBytes());
        p.client().out().flush();
        assertThat(p.server().in().readNBytes(4)).isEqualTo("fine".getBytes());
        flipper.armed = true; // the next record's last byte (inside the AEAD tag) is flipped
        p.client().out().write("damaged".getBytes());
        p.client().out().flush();
        assertThatThrownBy(() -> p.server().in().read()).isInstanceOf(TlsException.class);
        assertThatThrownBy(() -> p.server().in().read()).isInstanceOf(TlsException.class); // sticky
    }

    @Test
    void anOversizedRecordIsRefusedBeforeItsBodyIsRead() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        Thread.ofVirtual().start(() -> {
            try {
                pipe.b().out().write(new byte[] {22, 3, 3, (byte) 0xff, (byte) 0xff});
                pipe.b().out().flush();
            } catch (IOException ignored) {
                // closed by the client
            }
        });
        assertThatThrownBy(() -> tls(identity("ed25519"), YAMUX).secureOutbound(pipe.a(), null))
                .isInstanceOf(TlsException.class).hasMessageContaining("65535 bytes exceeds");
    }

    private static CompletableFuture<byte[]> readAsync(InputStream in, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return in.readNBytes(n);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    /** A stream whose next flushed write, once armed, goes out with its last byte flipped. */
    static final class Flipper implements DuplexStream {
        private final DuplexStream raw;
        volatile boolean armed;
        private final OutputStream out;

        Flipper(DuplexStream raw) {
            this.raw = raw;
            this.out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    raw.out().write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (armed && len > 0) {
                        armed = false;
                        byte[] copy = Arrays.copyOfRange(b, off, off + len);
                        copy[len - 1] ^= 1;
                        raw.out().write(copy);
                    } else {
                        raw.out().write(b, off, len);
                    }
                }

                @Override
                public void flush() throws IOException {
                    raw.out().flush();
                }
            };
        }

        @Override
        public InputStream in() {
            return raw.in();
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public void closeWrite() throws IOException {
            raw.closeWrite();
        }

        @Override
        public void reset() {
            raw.reset();
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }

        @Override
        public String remoteAddress() {
            return raw.remoteAddress();
        }

        @Override
        public String localAddress() {
            return raw.localAddress();
        }
    }
}
