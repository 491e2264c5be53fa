package dev.ferry.net.autonat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DialThrottleTest {
    static final SecureRandom RANDOM = new SecureRandom();
    final AtomicLong now = new AtomicLong(1_000);
    final PeerId a = Identity.generate(RANDOM).peerId();
    final PeerId b = Identity.generate(RANDOM).peerId();

    @Test
    void eachPeerGetsItsShareUntilTheWindowEnds() {
        DialThrottle t = new DialThrottle(30, 3, Duration.ofMinutes(1), now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(t.tryAcquire(a)).isTrue();
        }
        assertThat(t.tryAcquire(a)).isFalse();
        assertThat(t.tryAcquire(b)).isTrue(); // others still may
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(t.tryAcquire(a)).isFalse();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(t.tryAcquire(a)).isTrue(); // a new window
    }

    @Test
    void theGlobalLimitHoldsForEveryoneTogether() {
        DialThrottle t = new DialThrottle(2, 3, Duration.ofMinutes(1), now::get);
        assertThat(t.tryAcquire(a)).isTrue();
        assertThat(t.tryAcquire(b)).isTrue();
        assertThat(t.tryAcquire(Identity.generate(RANDOM).peerId())).isFalse();
    }

    @Test
    void zeroMeansNoLimit() {
        DialThrottle t = new DialThrottle(0, 0, Duration.ofMinutes(1), now::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(t.tryAcquire(a)).isTrue();
        }
    }
}
