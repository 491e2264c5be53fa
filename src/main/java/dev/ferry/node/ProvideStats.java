package dev.ferry.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The DHT provider's figures since the node started (Kubo's {@code stats provide}): what was announced, how long it
 * took, and the reprovider's last and next run.
 *
 * @param totalProvides          roots announced that at least one DHT peer took: by {@code routing provide}, by the
 *                               reprovider, and for roots added or pinned through the daemon
 * @param failedProvides         announcements no DHT peer took (none reached, or each refused or timed out)
 * @param avgProvideDuration     the mean time of one announcement that was taken
 * @param lastReprovideDuration  how long the last finished reprovide run took (zero before the first)
 * @param lastReprovideBatchSize the roots that run announced (every recursive pin's that is not private)
 * @param lastReprovide          when that run started
 * @param nextReprovide          when the reprovider runs next; empty when it is off ({@code Reprovider.Interval} 0)
 * @param reprovideInterval      {@code Reprovider.Interval}; empty when it is 0
 * @param queuedProvides         roots waiting for their first announcement (those {@code provide clear} removes)
 * @param reprovidesRunning      reprovide runs under way now
 */
public record ProvideStats(long totalProvides, long failedProvides, Duration avgProvideDuration,
        Duration lastReprovideDuration, int lastReprovideBatchSize, Optional<Instant> lastReprovide,
        Optional<Instant> nextReprovide, Optional<Duration> reprovideInterval, int queuedProvides,
        int reprovidesRunning) {
}
