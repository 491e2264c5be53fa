package dev.ferry.policy.replication;

import java.time.Duration;

/**
 * Swarm-wide replication settings.
 *
 * @param enabled          whether this node takes part (subscribes, announces, keeps what is assigned to it)
 * @param replicas         how many members besides the announcers keep each root (1-16)
 * @param minTrust         the trust level (0-10) a peer needs to count as a member and to be heard
 * @param announceInterval how often this node announces all its roots again
 * @param expire           how long a root is remembered after its last announcement
 * @param checkInterval    how often the assignment is computed again and acted on
 */
public record ReplicationConfig(boolean enabled, int replicas, int minTrust, Duration announceInterval,
        Duration expire, Duration checkInterval) {
    public static final int MAX_REPLICAS = 16;

    public ReplicationConfig {
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be 1-" + MAX_REPLICAS + ": " + replicas);
        }
        if (minTrust < 0 || minTrust > 10) {
            throw new IllegalArgumentException("minimum trust is a level 0-10: " + minTrust);
        }
        for (Duration d : new Duration[] {announceInterval, expire, checkInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("replication durations must be positive");
            }
        }
        if (expire.compareTo(announceInterval) <= 0) {
            throw new IllegalArgumentException("expire (" + expire + ") must be longer than the announce interval ("
                    + announceInterval + "), or every root would be forgotten between two announcements");
        }
    }

    /**
     * Off; 2 replicas among members trusted 1 or more; roots announced every 12 hours and forgotten after 72 (six
     * missed announcements, or three days away); checked every minute.
     */
    public static ReplicationConfig defaults() {
        return new ReplicationConfig(false, 2, 1, Duration.ofHours(12), Duration.ofHours(72), Duration.ofMinutes(1));
    }
}
