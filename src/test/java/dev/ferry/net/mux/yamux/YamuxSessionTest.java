package dev.ferry.net.mux.yamux;

import static dev.ferry.net.mux.yamux.YamuxTestSupport.NO_KEEPALIVE;
import static dev.ferry.net.mux.yamux.YamuxTestSupport.async;
import static dev.ferry.net.mux.yamux.YamuxTestSupport.awaitTrue;
import static dev.ferry.net.mux.yamux.YamuxTestSupport.echo;
import static dev.ferry.net.mux.yamux.YamuxTestSupport.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class YamuxSessionTest {

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void openWriteEcho() throws Exception {
        try (var p = pair(NO_KEEPALIVE, YamuxTestSupport::echo)) {
            YamuxStream s = p.client().openStream();
            assertThat(s.id()).isEqualTo(1);
            s.out().write("hello yamux".getBytes());
            s.closeWrite();
            assertThat(new String(s.in().readAllBytes())).isEqualTo("hello yamux");
            s.close();
            awaitTrue(() -> p.client().streamCount() == 0 && p.server().streamCount() == 0, "streams removed");
            assertThat(p.client().openStream().id()).isEqualTo(3);
        }
    }

    @Test
    void manyConcurrentStreamsEchoRandomData() throws Exception {
        try (var p = pair(NO_KEEPALIVE, YamuxTestSupport::echo)) {
            List<CompletableFuture<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                int seed = i;
                results.add(async(() -> {
                    Random r = new Random(seed);
                    byte[] data = new byte[r.nextInt(600 * 1024)];
                    r.nextBytes(data);
                    YamuxStream s = p.client().openStream();
                    CompletableFuture<byte[]> back = async(() -> s.in().readAllBytes());
                    for (int off = 0; off < data.length; ) {
                        int n = Math.min(data.length - off, 1 + r.nextInt(100_000));
                        s.out().write(data, off, n);
                        off += n;
                    }
                    s.closeWrite();
                    byte[] got = back.get(30, TimeUnit.SECONDS);
                    s.close();
                    return got.length == data.length && crc(got) == crc(data);
                }));
            }
            for (var f : results) {
                assertThat(f.get(50, TimeUnit.SECONDS)).isTrue();
            }
            awaitTrue(() -> p.client().streamCount() == 0 && p.server().streamCount() == 0, "all streams removed");
        }
    }

    @Test
    void halfCloseKeepsTheOtherDirectionOpen() throws Exception {
        LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
        try (var p = pair(NO_KEEPALIVE, inbound::add)) {
            YamuxStream c = p.client().openStream();
            c.out().write(new byte[] {1, 2, 3});
            c.closeWrite();
            YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
            assertThat(s.in().readAllBytes()).containsExactly(1, 2, 3); // EOF after the FIN
            assertThatThrownBy(() -> c.out().write(4)).isInstanceOf(IOException.class);
            s.out().write(new byte[] {9, 8});
            s.closeWrite();
            assertThat(c.in().readAllBytes()).containsExactly(9, 8);
            awaitTrue(() -> p.client().streamCount() == 0 && p.server().streamCount() == 0, "both FINs seen");
        }
    }

    @Test
    void resetFailsBothEnds() throws Exception {
        LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
        try (var p = pair(NO_KEEPALIVE, inbound::add)) {
            YamuxStream c = p.client().openStream();
            c.out().write(1);
            YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
            assertThat(s.in().read()).isEqualTo(1);
            CompletableFuture<Integer> blockedRead = async(() -> s.in().read());
            c.reset();
            assertThat(failure(blockedRead)).isInstanceOf(YamuxException.StreamError.class)
                    .hasMessageContaining("reset by peer");
            assertThatThrownBy(() -> c.out().write(2)).isInstanceOf(YamuxException.StreamError.class);
            assertThatThrownBy(() -> c.in().read()).isInstanceOf(YamuxException.StreamError.class);
            awaitTrue(() -> p.server().streamCount() == 0, "server dropped the reset stream");
            // the session is unaffected
            YamuxStream again = p.client().openStream();
            again.out().write(7);
            assertThat(inbound.poll(5, TimeUnit.SECONDS).in().read()).isEqualTo(7);
        }
    }

    @Test
    void goAwayStopsNewStreamsButNotExistingOnes() throws Exception {
        LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
        try (var p = pair(NO_KEEPALIVE, inbound::add)) {
            YamuxStream c = p.client().openStream();
            YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
            p.server().goAway();
            awaitTrue(() -> p.client().remoteGoAway() != null, "GoAway received");
            assertThat(p.client().remoteGoAway()).isEqualTo(GoAwayCode.NORMAL);
            assertThatThrownBy(() -> p.client().openStream()).hasMessageContaining("GoAway");
            assertThatThrownBy(() -> p.server().openStream()).hasMessageContaining("going away");
            c.out().write(5);
            assertThat(s.in().read()).isEqualTo(5);
            s.out().write(6);
            assertThat(c.in().read()).isEqualTo(6);
        }
    }

    @Test
    void pingMeasuresRoundTrip() throws Exception {
        try (var p = pair(NO_KEEPALIVE, YamuxTestSupport::echo)) {
            assertThat(p.client().rttNanos()).isZero();
            Duration rtt = p.client().ping();
            assertThat(rtt).isPositive();
            assertThat(p.client().rttNanos()).isEqualTo(rtt.toNanos());
            assertThat(p.server().ping()).isPositive();
        }
    }

    @Test
    void keepAliveRunsAndEndsWithTheSession() throws Exception {
        YamuxConfig cfg = YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(20), Duration.ofSeconds(5));
        var p = pair(cfg, YamuxTestSupport::echo);
        awaitTrue(() -> p.client().rttNanos() > 0 && p.server().rttNanos() > 0, "keep-alive pings answered");
        p.client().close();
        p.server().closeFuture().get(5, TimeUnit.SECONDS);
        assertThat(p.server().isClosed()).isTrue();
    }

    @Test
    void stoppedReaderBlocksTheWriterAndBufferStaysWithinTheWindow() throws Exception {
        LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
        try (var p = pair(NO_KEEPALIVE, inbound::add)) {
            YamuxStream c = p.client().openStream();
            byte[] data = new byte[4 * 1024 * 1024];
            new Random(1).nextBytes(data);
            CompletableFuture<Boolean> writer = async(() -> {
                c.out().write(data);
                c.closeWrite();
                return true;
            });
            YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
            // nobody reads: exactly one window arrives, then the writer waits for credit
            awaitTrue(() -> s.buffered() == YamuxConfig.INITIAL_WINDOW, "window filled");
            awaitTrue(() -> c.sendWindow() == 0, "sender out of credit");
            assertThat(writer).isNotDone();
            assertThat(s.buffered()).isEqualTo(YamuxConfig.INITIAL_WINDOW);
            assertThat(s.receiveWindow()).isEqualTo(YamuxConfig.INITIAL_WINDOW);
            // the reader resumes: everything arrives intact
            byte[] got = s.in().readAllBytes();
            assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(crc(got)).isEqualTo(crc(data));
        }
    }

    @Test
    void windowGrowsWhenUpdatesComeFasterThanTwoRoundTrips() throws Exception {
        AtomicLong clock = new AtomicLong(); // frozen: every update looks immediate
        LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
        try (var p = pair(NO_KEEPALIVE, inbound::add, clock::get)) {
            p.server().ping(); // rtt = 1 ns with a frozen clock
            YamuxStream c = p.client().openStream();
            CompletableFuture<Boolean> writer = async(() -> {
                c.out().write(new byte[32 * 1024 * 1024]);
                c.closeWrite();
                return true;
            });
            YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
            long total = s.in().transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(total).isEqualTo(32 * 1024 * 1024);
            assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(s.receiveWindow()).isEqualTo(NO_KEEPALIVE.maxWindow());
        }
    }

    @Test
    void windowGrowthStopsAtTheSessionBudget() throws Exception {
        AtomicLong clock = new AtomicLong(); // frozen: every update would grow the window
        LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
        // 768 KiB of growth: 256 KiB -> 512 KiB -> 1 MiB, and doubling again (1 MiB more) is refused
        YamuxConfig cfg = NO_KEEPALIVE.withWindowGrowthBudget(768 * 1024);
        try (var p = pair(cfg, inbound::add, clock::get)) {
            p.server().ping();
            for (int round = 0; round < 2; round++) { // the budget comes back when a stream ends
                YamuxStream c = p.client().openStream();
                CompletableFuture<Boolean> writer = async(() -> {
                    c.out().write(new byte[16 * 1024 * 1024]);
                    c.closeWrite();
                    return true;
                });
                YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
                assertThat(s.in().transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(16 * 1024 * 1024);
                assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();
                assertThat(s.receiveWindow()).isEqualTo(1024 * 1024);
                s.close();
                c.close();
                awaitTrue(() -> p.server().streamCount() == 0, "stream ended");
            }
        }
    }

    @Test
    void windowDoesNotGrowForASlowReader() throws Exception {
        AtomicLong clock = new AtomicLong();
        LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
        try (var p = pair(NO_KEEPALIVE, inbound::add, clock::get)) {
            p.server().ping();
            YamuxStream c = p.client().openStream();
            CompletableFuture<Boolean> writer = async(() -> {
                c.out().write(new byte[4 * 1024 * 1024]);
                c.closeWrite();
                return true;
            });
            YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = s.in().read(buf)) >= 0; ) {
                total += n;
                clock.addAndGet(1_000_000); // every read "takes" a millisecond, far more than the RTT
            }
            assertThat(total).isEqualTo(4 * 1024 * 1024);
            assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(s.receiveWindow()).isEqualTo(YamuxConfig.INITIAL_WINDOW);
        }
    }

    @Test
    void closingTheSessionFailsEveryoneBlocked() throws Exception {
        LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
        var p = pair(NO_KEEPALIVE, inbound::add);
        YamuxStream c = p.client().openStream();
        YamuxStream other = p.client().openStream();
        CompletableFuture<Integer> reader = async(() -> c.in().read());
        CompletableFuture<Boolean> writer = async(() -> {
            other.out().write(new byte[1024 * 1024]); // blocks after one window: nobody reads
            return true;
        });
        awaitTrue(() -> other.sendWindow() == 0, "writer blocked");
        p.client().close();
        assertThat(failure(reader)).isInstanceOf(IOException.class).hasMessageContaining("session closed");
        assertThat(failure(writer)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> p.client().openStream()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> p.client().ping()).isInstanceOf(IOException.class);
        // the peer notices too
        p.server().closeFuture().get(5, TimeUnit.SECONDS);
        assertThat(p.server().remoteGoAway()).isEqualTo(GoAwayCode.NORMAL);
    }

    @Test
    void acceptQueueWithoutHandler() throws Exception {
        var pipe = dev.ferry.testing.net.MemoryPipe.create();
        YamuxSession c = YamuxSession.builder(pipe.a(), true).config(NO_KEEPALIVE).start();
        YamuxSession s = YamuxSession.builder(pipe.b(), false).config(NO_KEEPALIVE).start();
        try {
            CompletableFuture<YamuxStream> accepted = async(s::accept);
            YamuxStream out = c.openStream();
            out.out().write(42);
            YamuxStream in = accepted.get(5, TimeUnit.SECONDS);
            assertThat(in.id()).isEqualTo(out.id());
            assertThat(in.isOutbound()).isFalse();
            assertThat(in.in().read()).isEqualTo(42);
            // streams opened by the listener are even
            CompletableFuture<YamuxStream> back = async(c::accept);
            assertThat(s.openStream().id()).isEqualTo(2);
            assertThat(back.get(5, TimeUnit.SECONDS).id()).isEqualTo(2);
            CompletableFuture<YamuxStream> pending = async(s::accept);
            s.close();
            assertThat(failure(pending)).isInstanceOf(IOException.class);
        } finally {
            c.close();
            s.close();
        }
    }

    @Test
    void handlerExceptionResetsTheStream() throws Exception {
        try (var p = pair(NO_KEEPALIVE, st -> {
            throw new IllegalStateException("boom");
        })) {
            YamuxStream c = p.client().openStream();
            assertThatThrownBy(() -> c.in().read()).isInstanceOf(YamuxException.StreamError.class);
        }
    }

    @Test
    void oneStreamThroughput() throws Exception {
        try (var p = pair(NO_KEEPALIVE, st -> {
            st.in().transferTo(java.io.OutputStream.nullOutputStream());
            st.closeWrite();
        })) {
            p.server().ping();
            p.client().ping();
            byte[] chunk = new byte[256 * 1024];
            long total = 1L << 30;
            YamuxStream c = p.client().openStream();
            long t0 = System.nanoTime();
            for (long sent = 0; sent < total; sent += chunk.length) {
                c.out().write(chunk);
            }
            c.closeWrite();
            assertThat(c.in().read()).isEqualTo(-1); // the reader saw everything
            double seconds = (System.nanoTime() - t0) / 1e9;
            double gbps = total / seconds / 1e9;
            System.out.printf("yamux one stream over the in-memory pipe: %.2f GB/s%n", gbps);
            assertThat(gbps).isGreaterThan(0.05); // a floor for a loaded 2-core box; see the printed figure
        }
    }
}
