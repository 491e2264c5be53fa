package dev.ferry.net.security.noise;

import dev.ferry.testing.net.MemoryPipe;
import static dev.ferry.net.security.noise.NoiseTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.transport.BufferPool;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frame buffers are held only while bytes are in flight: an idle session holds none. */
@Timeout(30)
class NoiseIdleBufferTest {

    private static CompletableFuture<byte[]> readAsync(NoiseSession session, int n) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return session.in().readNBytes(n);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void buffersAreHeldOnlyWhileBytesAreInFlight() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.tapped();
        int before = BufferPool.shared().checkedOut();
        Pair p = NoiseSessionTest.connect(pipe);
        assertThat(BufferPool.shared().checkedOut()).as("after the handshake").isEqualTo(before);

        byte[] data = new byte[200_000];
        new Random(11).nextBytes(data);
        p.initiator().out().write(data, 0, 1000);
        assertThat(BufferPool.shared().checkedOut()).as("writer gathering plaintext").isEqualTo(before + 1);
        p.initiator().out().flush();
        assertThat(BufferPool.shared().checkedOut()).as("flushed").isEqualTo(before);

        // a partly read frame keeps its plaintext (and so its buffer) until the application has read all of it
        assertThat(p.responder().in().readNBytes(400)).isEqualTo(java.util.Arrays.copyOf(data, 400));
        assertThat(BufferPool.shared().checkedOut()).as("plaintext unread").isEqualTo(before + 1);
        assertThat(p.responder().in().available()).isEqualTo(600);
        assertThat(p.responder().in().readNBytes(600)).isEqualTo(java.util.Arrays.copyOfRange(data, 400, 1000));
        assertThat(BufferPool.shared().checkedOut()).as("plaintext read").isEqualTo(before);

        // whole frames straight from the caller's array, then a tail, both ways (read concurrently: the pipe is small)
        CompletableFuture<byte[]> atResponder = readAsync(p.responder(), data.length - 1000);
        CompletableFuture<byte[]> atInitiator = readAsync(p.initiator(), data.length);
        p.initiator().out().write(data, 1000, data.length - 1000);
        p.initiator().out().flush();
        p.responder().out().write(data);
        p.responder().out().flush();
        assertThat(atResponder.get(10, TimeUnit.SECONDS))
                .isEqualTo(java.util.Arrays.copyOfRange(data, 1000, data.length));
        assertThat(atInitiator.get(10, TimeUnit.SECONDS)).isEqualTo(data);
        assertThat(BufferPool.shared().checkedOut()).as("idle again").isEqualTo(before);

        // the end of the stream holds nothing either
        p.initiator().close();
        assertThat(p.responder().in().read()).isEqualTo(-1);
        assertThat(BufferPool.shared().checkedOut()).isEqualTo(before);
    }
}
