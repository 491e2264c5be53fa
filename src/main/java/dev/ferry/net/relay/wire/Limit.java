package dev.ferry.net.relay.wire;

import java.time.Duration;

/**
 * The limits a relay applies to one relayed connection: how long it may stay open and how many bytes it may carry in
 * each direction; 0 is no limit.
 *
 * @param durationSeconds at most 2^32-1 (the wire's uint32)
 * @param dataBytes       not negative
 */
public record Limit(long durationSeconds, long dataBytes) {
    public static final long MAX_DURATION_SECONDS = 0xFFFF_FFFFL;
    public static final Limit NONE = new Limit(0, 0);

    public Limit {
        if (durationSeconds < 0 || durationSeconds > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("limit duration out of range: " + durationSeconds);
        }
        if (dataBytes < 0) {
            throw new IllegalArgumentException("limit data negative: " + dataBytes);
        }
    }

    public static Limit of(Duration duration, long dataBytes) {
        return new Limit(Math.min(duration.toSeconds(), MAX_DURATION_SECONDS), dataBytes);
    }

    public boolean isNone() {
        return durationSeconds == 0 && dataBytes == 0;
    }
}
