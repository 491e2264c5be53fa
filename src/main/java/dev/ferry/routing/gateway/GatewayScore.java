package dev.ferry.routing.gateway;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One gateway's record in a {@link GatewayPool}, for stats.
 *
 * @param successes    requests answered with verified data
 * @param failures     network errors, 5xx, stalls, refusals, incomplete or oversized answers
 * @param notFound     404/410 answers
 * @param invalid      answers with data that failed verification or did not belong to the request
 * @param latency      EWMA of the time to the response headers, empty before the first answer
 * @param avoidedUntil when the gateway will be asked again, while it is being avoided
 * @param score        higher is tried first: smoothed success ratio (invalid answers weigh 10x) over latency
 */
public record GatewayScore(URI gateway, long successes, long failures, long notFound, long invalid,
        Optional<Duration> latency, Optional<Instant> avoidedUntil, double score) {
}
