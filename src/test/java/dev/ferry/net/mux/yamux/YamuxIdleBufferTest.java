package dev.ferry.net.mux.yamux;

import static dev.ferry.net.mux.yamux.YamuxTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.transport.BufferPool;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A session takes a frame buffer for one write only: between writes it holds none. */
@Timeout(30)
class YamuxIdleBufferTest {

    @Test
    void dataFramesBorrowAPooledBufferPerWrite() throws Exception {
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        int before = BufferPool.shared().checkedOut();
        try (Pair p = pair(NO_KEEPALIVE, s -> received.complete(s.in().readAllBytes()))) {
            YamuxStream s = p.client().openStream();
            byte[] data = new byte[300_000];
            new Random(9).nextBytes(data);
            s.out().write(data);
            s.out().flush();
            assertThat(BufferPool.shared().checkedOut()).isEqualTo(before);
            s.closeWrite();
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(data);
            assertThat(BufferPool.shared().checkedOut()).isEqualTo(before);
        }
    }
}
