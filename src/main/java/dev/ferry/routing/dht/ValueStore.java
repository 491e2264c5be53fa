package dev.ferry.routing.dht;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Value records this node keeps as a DHT server, each for {@link #MAX_AGE} after it arrived (go-libp2p-kad-dht's
 * record age). Bounded by count ({@link #MAX_KEYS}) and by bytes ({@link #MAX_BYTES}); the least recently stored go
 * first. Validation is the caller's: this only keeps bytes. Thread-safe.
 */
public final class ValueStore {
    public static final Duration MAX_AGE = Duration.ofHours(36);
    public static final int MAX_KEYS = 10_000;
    public static final long MAX_BYTES = 16L << 20;

    /** A kept value, with the time it arrived (RFC 3339, for the record's timeReceived field). */
    public record Stored(byte[] value, String timeReceived) {
        public Stored {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private record Entry(Stored stored, long expiresNanos, int size) {}

    private final LongSupplier nanoClock;
    private final LinkedHashMap<Key, Entry> byKey = new LinkedHashMap<>();
    private long bytes;

    public ValueStore(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Keeps {@code value} for {@code key}, in place of what was kept before. */
    public synchronized void put(byte[] key, byte[] value, String timeReceived) {
        Key k = new Key(key.clone());
        Entry old = byKey.remove(k);
        if (old != null) {
            bytes -= old.size;
        }
        Entry e = new Entry(new Stored(value, timeReceived), nanoClock.getAsLong() + MAX_AGE.toNanos(),
                key.length + value.length);
        byKey.put(k, e);
        bytes += e.size;
        Iterator<Map.Entry<Key, Entry>> oldest = byKey.entrySet().iterator();
        while ((byKey.size() > MAX_KEYS || bytes > MAX_BYTES) && oldest.hasNext()) {
            bytes -= oldest.next().getValue().size;
            oldest.remove();
        }
    }

    /** What is kept for {@code key} and not older than {@link #MAX_AGE}. */
    public synchronized Optional<Stored> get(byte[] key) {
        Key k = new Key(key);
        Entry e = byKey.get(k);
        if (e == null) {
            return Optional.empty();
        }
        if (e.expiresNanos - nanoClock.getAsLong() < 0) {
            remove(key);
            return Optional.empty();
        }
        return Optional.of(e.stored);
    }

    public synchronized void remove(byte[] key) {
        Entry e = byKey.remove(new Key(key));
        if (e != null) {
            bytes -= e.size;
        }
    }

    public synchronized int keys() {
        return byKey.size();
    }

    public synchronized long bytes() {
        return bytes;
    }
}
