package dev.ferry.net.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BufferPoolTest {

    @Test
    void releasedBuffersAreReusedLastInFirstOut() {
        BufferPool pool = new BufferPool(4);
        byte[] a = pool.acquire();
        byte[] b = pool.acquire();
        assertThat(a).hasSize(BufferPool.BUFFER_SIZE).isNotSameAs(b);
        assertThat(pool.checkedOut()).isEqualTo(2);
        pool.release(a);
        pool.release(b);
        assertThat(pool.checkedOut()).isZero();
        assertThat(pool.pooled()).isEqualTo(2);
        assertThat(pool.acquire()).isSameAs(b);
        assertThat(pool.acquire()).isSameAs(a);
        assertThat(pool.pooled()).isZero();
        assertThat(pool.acquire()).isNotSameAs(a).isNotSameAs(b).hasSize(BufferPool.BUFFER_SIZE);
    }

    @Test
    void keepsAtMostItsCapacity() {
        BufferPool pool = new BufferPool(3);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(pool.acquire());
        }
        out.forEach(pool::release);
        assertThat(pool.pooled()).isEqualTo(3);
        assertThat(pool.checkedOut()).isZero();
        assertThat(pool.capacity()).isEqualTo(3);
        assertThat(BufferPool.shared().capacity()).isEqualTo(BufferPool.SHARED_CAPACITY);
    }

    @Test
    void rejectsDoubleReleaseAndForeignArrays() {
        BufferPool pool = new BufferPool(2);
        byte[] a = pool.acquire();
        pool.release(a);
        assertThatThrownBy(() -> pool.release(a)).isInstanceOf(IllegalStateException.class);
        assertThat(pool.pooled()).isEqualTo(1);
        assertThat(pool.checkedOut()).isZero();
        assertThatThrownBy(() -> pool.release(new byte[100])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BufferPool(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverHandsOneBufferToTwoHoldersAtOnce() throws Exception {
        BufferPool pool = new BufferPool(4);
        Set<byte[]> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int threads = 16;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        byte[] b = pool.acquire();
                        if (!held.add(b)) {
                            throw new AssertionError("buffer handed out twice");
                        }
                        if ((i & 7) == 0) {
                            Thread.yield();
                        }
                        held.remove(b);
                        pool.release(b);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isNull();
        assertThat(pool.checkedOut()).isZero();
        assertThat(pool.pooled()).isBetween(1, 4);
    }

    @Test
    void idleTcpConnectionHoldsNoPooledBuffer() throws Exception {
        TcpTransport tcp = new TcpTransport();
        LinkedBlockingQueue<TcpConnection> accepted = new LinkedBlockingQueue<>();
        int before = BufferPool.shared().checkedOut();
        try (TcpTransport.Listener l = tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), accepted::add);
                TcpConnection c = tcp.dial(l.listenAddress())) {
            TcpConnection s = accepted.poll(5, TimeUnit.SECONDS);
            byte[] data = new byte[300_000];
            new Random(5).nextBytes(data);
            c.out().write(data, 0, 10);
            assertThat(BufferPool.shared().checkedOut()).isEqualTo(before + 1); // small write: buffered
            c.out().write(data, 10, 100_000); // large write: straight through after the buffered bytes
            c.out().write(data, 100_010, data.length - 100_010);
            c.out().flush();
            assertThat(BufferPool.shared().checkedOut()).isEqualTo(before);
            assertThat(s.in().readNBytes(data.length)).isEqualTo(data);
            assertThat(BufferPool.shared().checkedOut()).isEqualTo(before);
        }
    }
}
