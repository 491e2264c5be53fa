package dev.ferry.routing.prefetch;

/**
 * Prefetching's counters since the node started.
 *
 * @param enabled       whether prefetching is on
 * @param predictions   successors predicted (each may start a prefetch, or be skipped)
 * @param started       prefetches started
 * @param completed     prefetches that brought in the whole DAG
 * @param failed        prefetches that ended on a fetch error or timeout
 * @param overBudget    prefetches stopped (or not started) because a byte budget would be exceeded
 * @param cancelled     prefetches stopped because the node became busy or closed
 * @param skippedLocal  predictions whose root was local already
 * @param skippedBusy   predictions skipped because the node was busy, or every prefetch slot taken
 * @param blocks        blocks prefetches brought in
 * @param bytes         bytes prefetches brought in
 * @param hits          user requests for a root that a prefetch had brought in, found still local
 * @param running       prefetches running now
 * @param learned       CIDs the model holds
 * @param hourBudgetLeft bytes left of this hour's budget
 */
public record PrefetchStats(boolean enabled, long predictions, long started, long completed, long failed,
        long overBudget, long cancelled, long skippedLocal, long skippedBusy, long blocks, long bytes, long hits,
        int running, int learned, long hourBudgetLeft) {
}
