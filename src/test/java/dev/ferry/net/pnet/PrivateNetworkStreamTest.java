package dev.ferry.net.pnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.crypto.XSalsa20;
import dev.ferry.net.transport.DuplexStream;
import dev.ferry.testing.net.MemoryPipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PrivateNetworkStreamTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SwarmKey key = SwarmKey.generate(RANDOM);

    /** Both ends protected at once, as two hosts do. */
    private static DuplexStream[] protect(MemoryPipe.Ends pipe, SwarmKey ka, SwarmKey kb) throws Exception {
        CompletableFuture<PrivateNetworkStream> b = CompletableFuture.supplyAsync(() -> {
            try {
                return PrivateNetworkStream.protect(pipe.b(), kb, RANDOM);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        PrivateNetworkStream a = PrivateNetworkStream.protect(pipe.a(), ka, RANDOM);
        return new DuplexStream[] {a, b.get(10, TimeUnit.SECONDS)};
    }

    @Test
    void wireCarriesTheNonceThenXSalsa20OfTheData() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        DuplexStream[] ends = protect(pipe, key, key);
        byte[] hello = "/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII);
        byte[] original = hello.clone();
        ends[0].out().write(hello);
        ends[0].out().flush();
        assertThat(hello).as("the caller's array is left as it was").isEqualTo(original);
        assertThat(ends[1].in().readNBytes(hello.length)).isEqualTo(original);

        byte[] wire = pipe.aToB().tapped();
        assertThat(wire).hasSize(PrivateNetworkStream.NONCE_LENGTH + hello.length);
        byte[] nonce = Arrays.copyOf(wire, PrivateNetworkStream.NONCE_LENGTH);
        byte[] body = Arrays.copyOfRange(wire, PrivateNetworkStream.NONCE_LENGTH, wire.length);
        assertThat(body).isNotEqualTo(original);
        assertThat(new XSalsa20(key.bytes(), nonce).apply(body)).isEqualTo(original);
        // each side picks its own nonce
        assertThat(Arrays.copyOf(pipe.bToA().tapped(), PrivateNetworkStream.NONCE_LENGTH)).isNotEqualTo(nonce);
    }

    @Test
    void bytesSurviveAnyWriteAndReadSizesBothWays() throws Exception {
        DuplexStream[] ends = protect(MemoryPipe.create(64 * 1024), key, key);
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        for (int dir = 0; dir < 2; dir++) {
            DuplexStream from = ends[dir];
            DuplexStream to = ends[1 - dir];
            Random sizes = new Random(dir);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    int off = 0;
                    while (off < data.length) {
                        if (sizes.nextInt(50) == 0) {
                            from.out().write(data[off++]);
                            continue;
                        }
                        int n = Math.min(data.length - off, 1 + sizes.nextInt(20_000));
                        from.out().write(data, off, n);
                        off += n;
                    }
                    from.out().flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] got = new byte[data.length];
            int off = 0;
            Random reads = new Random(dir + 10);
            while (off < got.length) {
                if (reads.nextInt(50) == 0) {
                    got[off++] = (byte) to.in().read();
                    continue;
                }
                int r = to.in().read(got, off, Math.min(got.length - off, 1 + reads.nextInt(30_000)));
                assertThat(r).isPositive();
                off += r;
            }
            writer.get(10, TimeUnit.SECONDS);
            assertThat(got).isEqualTo(data);
        }
    }

    @Test
    void skippedBytesMoveTheKeystreamToo() throws Exception {
        DuplexStream[] ends = protect(MemoryPipe.create(), key, key);
        byte[] data = new byte[20_000];
        new Random(3).nextBytes(data);
        ends[0].out().write(data);
        ends[0].out().flush();
        assertThat(ends[1].in().skip(12_345)).isEqualTo(12_345);
        assertThat(ends[1].in().readNBytes(data.length - 12_345))
                .isEqualTo(Arrays.copyOfRange(data, 12_345, data.length));
    }

    @Test
    void anotherKeyReadsNoise() throws Exception {
        DuplexStream[] ends = protect(MemoryPipe.create(), key, SwarmKey.generate(RANDOM));
        byte[] hello = "/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII);
        ends[0].out().write(hello);
        ends[0].out().flush();
        assertThat(ends[1].in().readNBytes(hello.length)).isNotEqualTo(hello);
    }

    @Test
    void aPeerThatClosesBeforeItsNonceIsRefused() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        pipe.b().out().write(new byte[10]);
        pipe.b().closeWrite();
        assertThatThrownBy(() -> PrivateNetworkStream.protect(pipe.a(), key, RANDOM))
                .isInstanceOf(PrivateNetworkException.class)
                .hasMessageContaining("after 10 of the 24 bytes");
    }

    @Test
    void aPlainLibp2pPeerIsToldApartAtOnce() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        // all a public peer says before it waits for an answer
        pipe.b().out().write("\u0013/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII));
        pipe.b().out().flush();
        assertThatThrownBy(() -> PrivateNetworkStream.protect(pipe.a(), key, RANDOM))
                .isInstanceOf(PrivateNetworkException.class)
                .hasMessageContaining("plain libp2p");
    }

    @Test
    void halfCloseAndEndOfStreamPassThrough() throws Exception {
        DuplexStream[] ends = protect(MemoryPipe.create(), key, key);
        ends[0].out().write(new byte[] {1, 2, 3});
        ends[0].closeWrite();
        assertThat(ends[1].in().readAllBytes()).containsExactly(1, 2, 3);
        assertThat(ends[1].in().read()).isEqualTo(-1);
        ends[1].out().write(9);
        ends[1].close();
        assertThat(ends[0].in().read()).isEqualTo(9);
    }
}
