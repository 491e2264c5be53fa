package dev.ferry.node.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.store.MemoryBlockstore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ContentLockTest {
    @Test
    void oneLockPerStoreWritersShareCollectionsExclude() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        ContentLock lock = ContentLock.of(store);
        assertThat(ContentLock.of(store)).isSameAs(lock);
        assertThat(ContentLock.of(new MemoryBlockstore())).isNotSameAs(lock);

        ContentLock.Held w1 = lock.writing();
        CountDownLatch secondWriter = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (ContentLock.Held w2 = lock.writing()) {
                secondWriter.countDown();
            }
        });
        assertThat(secondWriter.await(10, TimeUnit.SECONDS)).as("writers share the lock").isTrue();

        AtomicBoolean collected = new AtomicBoolean();
        CountDownLatch gcDone = new CountDownLatch(1);
        Thread gc = Thread.ofVirtual().start(() -> {
            try (ContentLock.Held c = lock.collecting()) {
                collected.set(true);
            }
            gcDone.countDown();
        });
        assertThat(gcDone.await(200, TimeUnit.MILLISECONDS)).as("collection waits for the writer").isFalse();
        assertThat(collected).isFalse();
        w1.close();
        w1.close(); // idempotent
        assertThat(gcDone.await(10, TimeUnit.SECONDS)).isTrue();
        gc.join();
        assertThat(collected).isTrue();
    }
}
