package dev.ferry.net.autonat.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestLimiterTest {
    static final SecureRandom RANDOM = new SecureRandom();
    final AtomicLong now = new AtomicLong(1_000);
    final PeerId a = Identity.generate(RANDOM).peerId();
    final PeerId b = Identity.generate(RANDOM).peerId();

    @Test
    void aPeersShareSlidesWithTheMinute() {
        RequestLimiter l = new RequestLimiter(60, 2, 12, 5, now::get);
        assertThat(l.tryStart(a)).isTrue();
        l.finish(a);
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(l.tryStart(a)).isTrue();
        l.finish(a);
        assertThat(l.tryStart(a)).isFalse();
        assertThat(l.tryStart(b)).isTrue(); // others still may
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(l.tryStart(a)).isTrue(); // the first one left the minute, the second not yet
        assertThat(l.tryStart(a)).isFalse();
    }

    @Test
    void concurrentRequestsOfOnePeerAreBoundedAndGivenBack() {
        RequestLimiter l = new RequestLimiter(0, 0, 0, 2, now::get);
        assertThat(l.tryStart(a)).isTrue();
        assertThat(l.tryStart(a)).isTrue();
        assertThat(l.tryStart(a)).isFalse();
        l.finish(a);
        assertThat(l.tryStart(a)).isTrue();
    }

    @Test
    void theGlobalAndDialDataLimitsHoldForEveryone() {
        RequestLimiter l = new RequestLimiter(2, 12, 1, 2, now::get);
        assertThat(l.tryStart(a)).isTrue();
        assertThat(l.tryStart(b)).isTrue();
        assertThat(l.tryStart(Identity.generate(RANDOM).peerId())).isFalse();
        assertThat(l.tryDialData()).isTrue();
        assertThat(l.tryDialData()).isFalse();
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(l.tryDialData()).isTrue();
    }
}
