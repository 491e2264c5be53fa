package dev.ferry.net.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.testing.net.StreamEnds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PingTest {
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    @Test
    void pingMeasuresAndRecordsLatency() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        PingService pa = PingService.install(a);
        PingService.install(b);
        a.connect(TestHosts.dialable(b));
        List<Duration> rtts = pa.ping(b.peerId(), 5);
        assertThat(rtts).hasSize(5).allSatisfy(d -> assertThat(d).isPositive().isLessThan(Duration.ofSeconds(5)));
        assertThat(a.peerStore().get(b.peerId()).orElseThrow().latency()).isNotNull().isPositive();
    }

    @Test
    void concurrentPingsToOnePeerTakeTurnsOnOneStream() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        PingService pa = PingService.install(a);
        PingService.install(b);
        a.connect(TestHosts.dialable(b));
        // eight callers at once: were they not serialised, the listener would reset all but two streams
        List<java.util.concurrent.CompletableFuture<List<Duration>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return pa.ping(b.peerId(), 3);
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        for (var c : calls) {
            assertThat(c.get(30, java.util.concurrent.TimeUnit.SECONDS)).hasSize(3);
        }
    }

    @Test
    void listenerAcceptsAtMostTwoConcurrentStreamsPerPeer() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        PingService pb = PingService.install(b);
        a.connect(TestHosts.dialable(b));
        byte[] payload = new byte[32];
        NegotiatedStream s1 = a.newStream(b.peerId(), PingService.PROTOCOL_ID);
        NegotiatedStream s2 = a.newStream(b.peerId(), PingService.PROTOCOL_ID);
        for (NegotiatedStream s : List.of(s1, s2)) {
            s.out().write(payload);
            s.out().flush();
            assertThat(s.in().readNBytes(32)).hasSize(32);
        }
        assertThat(pb.activeInbound(a.peerId())).isEqualTo(2);
        NegotiatedStream s3 = null;
        byte[] third;
        try {
            // the listener resets the third stream; depending on timing the negotiation, our write or our read notices
            s3 = a.newStream(b.peerId(), PingService.PROTOCOL_ID);
            s3.out().write(payload);
            s3.out().flush();
            third = s3.in().readNBytes(32);
        } catch (java.io.IOException reset) {
            third = new byte[0];
        }
        assertThat(third).isEmpty();
        // twin: after one stream ends, a new one is served again
        s1.closeWrite();
        assertThat(s1.in().read()).isEqualTo(-1);
        s1.close();
        // EOF arrives only after the listener's handler returned, so its slot is free already
        assertThat(pb.activeInbound(a.peerId())).isEqualTo(1);
        NegotiatedStream s4 = a.newStream(b.peerId(), PingService.PROTOCOL_ID);
        s4.out().write(payload);
        s4.out().flush();
        assertThat(s4.in().readNBytes(32)).hasSize(32);
        s2.close();
        if (s3 != null) {
            s3.close();
        }
        s4.close();
    }

    @Test
    void aStreamSilentBetweenPingsIsReset() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start(HostConfig.defaults().withStreamIdleTimeout(Duration.ofMillis(500)));
        PingService.install(a);
        PingService pb = PingService.install(b);
        a.connect(TestHosts.dialable(b));
        NegotiatedStream s = a.newStream(b.peerId(), PingService.PROTOCOL_ID);
        s.out().write(new byte[PingService.SIZE]);
        s.out().write(new byte[5]); // a ping cut short, then nothing more
        s.out().flush();
        StreamEnds.Ending e = StreamEnds.await(s, Duration.ofSeconds(10));
        assertThat(e.end()).isEqualTo(StreamEnds.End.RESET);
        assertThat(e.answered()).isEqualTo(PingService.SIZE); // the whole ping was answered first
        assertThat(pb.activeInbound(a.peerId())).isZero();
    }
}
