package dev.ferry.dag.unixfs;

/**
 * UnixFS {@code UnixTime}: seconds relative to the epoch (may be negative) and optional fractional nanoseconds
 * (1..999999999 when present; absent means zero).
 */
public record UnixTime(long seconds, Integer nanos) {
    public UnixTime {
        if (nanos != null && (nanos < 1 || nanos > 999_999_999)) {
            throw new UnixfsException("UnixTime fractional nanoseconds out of range: " + nanos);
        }
    }
}
