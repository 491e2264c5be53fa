package dev.ferry.pubsub;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A local subscription to one topic: the messages delivered to it, in arrival order. Its buffer is bounded in messages
 * and in bytes: when the reader falls behind, new messages are dropped and counted ({@link #dropped()}), as Kubo does
 * for slow subscribers. Closing it unsubscribes (the node leaves the topic when its last subscription closes).
 * Thread-safe.
 */
public final class Subscription implements AutoCloseable {
    private final String topic;
    private final ArrayBlockingQueue<PubsubMessage> queue;
    private final Consumer<Subscription> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxBytes;

    Subscription(String topic, int capacity, long maxBytes, Consumer<Subscription> onClose) {
        this.topic = topic;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBytes = maxBytes;
        this.onClose = onClose;
    }

    public String topic() {
        return topic;
    }

    /** The next message, waiting up to {@code timeout}; empty on timeout or once closed and drained. */
    public Optional<PubsubMessage> next(Duration timeout) throws InterruptedException {
        PubsubMessage m = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (m != null) {
            queuedBytes.addAndGet(-m.size());
        }
        return Optional.ofNullable(m);
    }

    /** Messages dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    boolean offer(PubsubMessage m) {
        if (closed.get()) {
            return false;
        }
        if (queuedBytes.addAndGet(m.size()) > maxBytes) {
            queuedBytes.addAndGet(-m.size());
            dropped.incrementAndGet();
            return false;
        }
        if (!queue.offer(m)) {
            queuedBytes.addAndGet(-m.size());
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + topic + (closed.get() ? ", closed" : "") + "]";
    }
}
