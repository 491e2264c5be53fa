package dev.ferry.api.gateway;

import com.sun.net.httpserver.Headers;
import dev.ferry.dag.unixfs.UnixTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * {@code Last-Modified} from a UnixFS 1.5 mtime, and the {@code If-Modified-Since} precondition against it
 * (RFC 9110 sections 8.8.2 and 13.1.3).
 */
final class LastModified {
    private LastModified() {
    }

    /**
     * The Last-Modified of an entity with {@code mtime} (null: none): its {@link UnixTime#applicable} instant to the
     * second, or {@code now} when that is later than now (a server never claims a future modification).
     */
    static Optional<Instant> of(UnixTime mtime, Instant now) {
        if (mtime == null) {
            return Optional.empty();
        }
        return mtime.applicable().map(t -> t.isAfter(now) ? now : t).map(t -> t.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * True when the request's If-Modified-Since says the client's copy is current: the entity has a Last-Modified
     * not later than the date. Ignored when If-None-Match is present (the ETag decides), when there is more than one
     * value, or when the value is not an HTTP date.
     */
    static boolean notModified(Headers request, Optional<Instant> lastModified, Instant now) {
        if (lastModified.isEmpty() || request.containsKey("If-None-Match")) {
            return false;
        }
        List<String> since = request.get("If-Modified-Since");
        if (since == null || since.size() != 1) {
            return false;
        }
        Optional<Instant> date = HttpDate.parse(since.get(0), now);
        return date.isPresent() && !lastModified.get().isAfter(date.get());
    }
}
