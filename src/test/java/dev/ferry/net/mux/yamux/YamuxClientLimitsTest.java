package dev.ferry.net.mux.yamux;

import static dev.ferry.net.mux.yamux.YamuxTestSupport.NO_KEEPALIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.transport.DuplexStream;
import dev.ferry.testing.net.MemoryPipe;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session as the dialer, driven by a hand-written listener: ACK backlog, keep-alive failure, stuck peers. */
@Timeout(30)
class YamuxClientLimitsTest {

    private static YamuxFrame nextFrame(YamuxFrameCodec reader) throws IOException {
        YamuxFrame f = reader.readFrame();
        assertThat(f).isNotNull();
        return f;
    }

    private static int available(DuplexStream s) {
        try {
            return s.in().available();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void openWaitsWhileTheAckBacklogIsFull() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        DuplexStream raw = pipe.b();
        YamuxFrameCodec reader = new YamuxFrameCodec(raw.in(), 1 << 20);
        try (YamuxSession session = YamuxSession.builder(pipe.a(), true).config(NO_KEEPALIVE.withMaxAckBacklog(4))
                .start()) {
            for (int i = 0; i < 4; i++) {
                session.openStream();
                assertThat(nextFrame(reader)).isEqualTo(new YamuxFrame.WindowUpdate(2 * i + 1, YamuxFlags.SYN, 0));
            }
            CompletableFuture<YamuxStream> fifth = YamuxTestSupport.async(session::openStream);
            assertThatThrownBy(() -> fifth.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            raw.out().write(YamuxFrameCodec.encode(new YamuxFrame.WindowUpdate(3, YamuxFlags.ACK, 0)));
            assertThat(fifth.get(5, TimeUnit.SECONDS).id()).isEqualTo(9);
            // an ACK repeated for the same stream does not free a second slot
            raw.out().write(YamuxFrameCodec.encode(new YamuxFrame.WindowUpdate(3, YamuxFlags.ACK, 0)));
            CompletableFuture<YamuxStream> sixth = YamuxTestSupport.async(session::openStream);
            assertThatThrownBy(() -> sixth.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            // a RST of an unacknowledged stream frees its slot too
            raw.out().write(YamuxFrameCodec.encode(new YamuxFrame.WindowUpdate(1, YamuxFlags.RST, 0)));
            assertThat(sixth.get(5, TimeUnit.SECONDS).id()).isEqualTo(11);
        }
    }

    @Test
    void unansweredKeepAliveEndsTheSession() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        YamuxFrameCodec reader = new YamuxFrameCodec(pipe.b().in(), 1 << 20);
        YamuxConfig cfg = YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(10), Duration.ofMillis(200));
        YamuxSession session = YamuxSession.builder(pipe.a(), true).config(cfg).start();
        YamuxFrame ping = nextFrame(reader);
        assertThat(ping).isInstanceOf(YamuxFrame.Ping.class);
        assertThat(ping.header().has(YamuxFlags.SYN)).isTrue();
        // never answered
        session.closeFuture().get(10, TimeUnit.SECONDS);
        assertThat(session.closeCause()).hasMessageContaining("ping");
    }

    @Test
    void answeredKeepAliveKeepsTheSession() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        YamuxFrameCodec reader = new YamuxFrameCodec(pipe.b().in(), 1 << 20);
        YamuxConfig cfg = YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(10), Duration.ofMillis(2000));
        try (YamuxSession session = YamuxSession.builder(pipe.a(), true).config(cfg).start()) {
            for (int i = 0; i < 5; i++) {
                YamuxFrame f = nextFrame(reader);
                assertThat(f).isInstanceOf(YamuxFrame.Ping.class);
                pipe.b().out().write(YamuxFrameCodec.encode(
                        new YamuxFrame.Ping(YamuxFlags.ACK, ((YamuxFrame.Ping) f).value())));
            }
            assertThat(session.isClosed()).isFalse();
            assertThat(session.rttNanos()).isPositive();
        }
    }

    @Test
    void closeDoesNotHangWhenThePeerStopsReading() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create(64 * 1024);
        YamuxConfig cfg = NO_KEEPALIVE;
        YamuxSession session = YamuxSession.builder(pipe.a(), true).config(cfg).start();
        YamuxStream s = session.openStream();
        // 200 KiB fits the stream window but not the 64 KiB pipe: the writer blocks inside the connection write
        CompletableFuture<Boolean> writer = YamuxTestSupport.async(() -> {
            s.out().write(new byte[200 * 1024]);
            return true;
        });
        YamuxTestSupport.awaitTrue(() -> available(pipe.b()) == 64 * 1024, "pipe full");
        long t0 = System.nanoTime();
        session.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        try {
            writer.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the blocked writer should fail");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void streamIdsOfTheListenerAreEvenAndItRejectsOddInbound() throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        YamuxFrameCodec reader = new YamuxFrameCodec(pipe.b().in(), 1 << 20);
        YamuxSession session = YamuxSession.builder(pipe.a(), false).config(NO_KEEPALIVE).start();
        assertThat(session.openStream().id()).isEqualTo(2);
        assertThat(nextFrame(reader).header().streamId()).isEqualTo(2);
        // a dialer opening 4 (even) is a protocol error for a listener
        pipe.b().out().write(YamuxFrameCodec.encode(new YamuxFrame.WindowUpdate(4, YamuxFlags.SYN, 0)));
        assertThat(nextFrame(reader)).isEqualTo(new YamuxFrame.GoAway(GoAwayCode.PROTOCOL_ERROR));
        session.closeFuture().get(5, TimeUnit.SECONDS);
    }
}
