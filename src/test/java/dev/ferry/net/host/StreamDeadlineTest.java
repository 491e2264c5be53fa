package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StreamDeadlineTest {
    @Test
    void runsOnceWhenLeftUntouched() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (StreamDeadline d = StreamDeadline.start(Duration.ofMillis(100), () -> {
            runs.incrementAndGet();
            ran.countDown();
        })) {
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(d.expired()).isTrue();
        }
        Thread.sleep(200);
        assertThat(runs).hasValue(1);
    }

    @Test
    void touchesPushTheDeadlineBack() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (StreamDeadline d = StreamDeadline.start(Duration.ofMillis(300), runs::incrementAndGet)) {
            for (int i = 0; i < 8; i++) { // 800 ms in all, never 300 ms without a touch
                Thread.sleep(100);
                d.touch();
            }
            assertThat(d.expired()).isFalse();
            assertThat(runs).hasValue(0);
        }
    }

    @Test
    void closingBeforeTheDeadlineMeansItNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        StreamDeadline d = StreamDeadline.start(Duration.ofMillis(100), runs::incrementAndGet);
        d.close();
        Thread.sleep(300);
        assertThat(runs).hasValue(0);
        assertThat(d.expired()).isFalse();
    }

    @Test
    void aDeadlineMustLieAhead() {
        assertThatThrownBy(() -> StreamDeadline.start(Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
