package dev.ferry.dag.unixfs;

import java.time.Instant;
import java.util.Optional;

/**
 * UnixFS {@code UnixTime}: seconds relative to the epoch (may be negative) and optional fractional nanoseconds
 * (1..999999999 when present; absent means zero).
 */
public record UnixTime(long seconds, Integer nanos) {
    /** Latest second ferry applies: the largest a ustar header's 11 octal digits hold (2242-03-16T12:56:31Z). */
    public static final long MAX_SECONDS = 077777777777L;

    public UnixTime {
        if (nanos != null && (nanos < 1 || nanos > 999_999_999)) {
            throw new UnixfsException("UnixTime fractional nanoseconds out of range: " + nanos);
        }
    }

    /**
     * The time as an instant when ferry applies it (on disk, in a tar header, as Last-Modified): seconds from 1 to
     * {@link #MAX_SECONDS}. Anything else, at or before the epoch or beyond what a tar header can carry, is ignored
     * as if the node had no mtime, so a hostile DAG cannot set far-off times and every output agrees.
     */
    public Optional<Instant> applicable() {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(seconds, nanos == null ? 0 : nanos));
    }
}
