package dev.ferry.exchange.ferry.request;

import java.util.Map;

/**
 * Counters of a {@link FerryRequestService} since it started.
 *
 * @param served     answers that sent a whole DAG
 * @param proxied    answers for which a proxy fetch ran (successful or not)
 * @param refused    answers that refused or stopped early, by reason (every reason present, zeros included)
 * @param blocksSent block frames sent
 * @param bytesSent  block bytes sent
 * @param requestsSent requests this node sent as a client (each written to a stream)
 */
public record RequestStats(long served, long proxied, Map<RefusalReason, Long> refused, long blocksSent,
        long bytesSent, long requestsSent) {
    public RequestStats {
        refused = Map.copyOf(refused);
    }

    public long refused(RefusalReason reason) {
        return refused.getOrDefault(reason, 0L);
    }
}
