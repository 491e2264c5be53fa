package dev.ferry.net.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.net.transport.DuplexStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredStreamTest {
    static final PeerId PEER = Identity.generate(new SecureRandom()).peerId();

    /** A raw stream reading fixed bytes and collecting writes. */
    static final class FakeRaw implements DuplexStream {
        final ByteArrayInputStream in;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean closed;
        boolean reset;

        FakeRaw(byte[] incoming) {
            in = new ByteArrayInputStream(incoming);
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public void closeWrite() {}

        @Override
        public void reset() {
            reset = true;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String remoteAddress() {
            return "/ip4/127.0.0.1/tcp/1";
        }

        @Override
        public String localAddress() {
            return "/ip4/127.0.0.1/tcp/2";
        }
    }

    /** Remembers every acquire. */
    static final class Recording implements RateLimiter {
        final List<String> calls = new ArrayList<>();

        @Override
        public void acquire(Direction direction, int bytes) {
            calls.add(direction + " " + bytes);
        }
    }

    @Test
    void countsAndThrottlesEachWay() throws Exception {
        FakeClock clock = new FakeClock(0);
        BandwidthCounter counter = new BandwidthCounter(clock, Duration.ofSeconds(2));
        FakeRaw raw = new FakeRaw(new byte[1000]);
        MeteredStream s = counter.open(raw);
        Recording limiter = new Recording();
        s.in().read(new byte[100]); // before a limiter: counted, not throttled
        s.setLimiter(limiter);
        s.in().read(new byte[300]);
        s.in().read();
        s.out().write(new byte[700]);
        s.out().write(7);
        assertThat(limiter.calls).containsExactly("IN 300", "IN 1", "OUT 700", "OUT 1");
        assertThat(raw.out.size()).isEqualTo(701);
        assertThat(s.meter().totalIn()).isEqualTo(401);
        assertThat(s.meter().totalOut()).isEqualTo(701);
        assertThat(counter.total().totalIn()).isEqualTo(401);
        assertThat(s.in().read(new byte[10_000])).isEqualTo(599);
        assertThat(s.in().read(new byte[10])).isEqualTo(-1);
        assertThat(limiter.calls).endsWith("IN 599"); // end of stream costs nothing
        assertThat(s.meter().totalIn()).isEqualTo(1000);
    }

    @Test
    void aBoundPeerGetsTheConnectionsBytesAndLosesItsEntryWithItsLastConnection() throws Exception {
        FakeClock clock = new FakeClock(0);
        BandwidthCounter counter = new BandwidthCounter(clock, Duration.ofSeconds(2));
        MeteredStream first = counter.open(new FakeRaw(new byte[50]));
        first.out().write(new byte[30]); // the handshake, before the peer is known
        first.bindPeer(PEER);
        first.out().write(new byte[20]);
        MeteredStream second = counter.open(new FakeRaw(new byte[0]));
        second.bindPeer(PEER);
        second.out().write(new byte[5]);
        assertThat(counter.openConnections()).isEqualTo(2);
        assertThat(counter.peer(PEER).orElseThrow().totalOut()).isEqualTo(55);
        assertThat(counter.peers()).containsOnlyKeys(PEER);
        first.close();
        first.release(); // idempotent
        assertThat(counter.peer(PEER)).isPresent();
        second.reset();
        assertThat(counter.peer(PEER)).isEmpty();
        assertThat(counter.openConnections()).isZero();
        assertThat(counter.snapshot().totalOut()).isEqualTo(55);
        // bound after close: not tracked again
        second.bindPeer(PEER);
        assertThat(counter.peer(PEER)).isEmpty();
    }

    @Test
    void aStreamCannotChangeItsPeer() {
        BandwidthCounter counter = new BandwidthCounter();
        MeteredStream s = counter.open(new FakeRaw(new byte[0]));
        s.bindPeer(PEER);
        s.bindPeer(PEER);
        PeerId other = Identity.generate(new SecureRandom()).peerId();
        assertThatThrownBy(() -> s.bindPeer(other)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void samplingCoversEveryMeter() throws Exception {
        FakeClock clock = new FakeClock(0);
        BandwidthCounter counter = new BandwidthCounter(clock, Duration.ofSeconds(1));
        MeteredStream s = counter.open(new FakeRaw(new byte[0]));
        s.bindPeer(PEER);
        for (int i = 0; i < 8; i++) { // 2 s at 4000 B/s, then 1 s at 1000 B/s
            clock.advance(250_000_000L);
            s.out().write(new byte[1000]);
            counter.sample();
        }
        for (int i = 0; i < 4; i++) {
            clock.advance(250_000_000L);
            s.out().write(new byte[250]);
            counter.sample();
        }
        assertThat(counter.snapshot().rateOut()).isEqualTo(1000.0);
        assertThat(counter.peer(PEER).orElseThrow().rateOut()).isEqualTo(1000.0);
        assertThat(s.meter().snapshot().rateOut()).isEqualTo(1000.0);
    }

    @Test
    void closingClosesTheRawStream() throws Exception {
        BandwidthCounter counter = new BandwidthCounter();
        FakeRaw raw = new FakeRaw(new byte[0]);
        MeteredStream s = counter.open(raw);
        s.in().close();
        assertThat(raw.closed).isTrue();
        assertThat(s.raw()).isSameAs(raw);
        assertThat(s.remoteAddress()).isEqualTo(raw.remoteAddress());
    }
}
