package dev.ferry.policy.replication;

import java.time.Duration;

/**
 * Swarm-wide replication settings.
 *
 * @param enabled          whether this node takes part (subscribes, announces, keeps what is assigned to it)
 * @param replicas         how many members besides the announcers keep each root (1-16)
 * @param minTrust         the trust level (0-10) a peer needs to count as a member and to be heard
 * @param announceInterval how often this node announces all its roots (and its member record) again
 * @param expire           how long a root, or a member record, is remembered after its last announcement
 * @param checkInterval    how often the assignment is computed again and acted on
 * @param dialMembers      whether members heard by their records and not connected are dialled
 * @param maxMembers       how many members' records are remembered (and so dialled) at most (1-1024)
 */
public record ReplicationConfig(boolean enabled, int replicas, int minTrust, Duration announceInterval,
        Duration expire, Duration checkInterval, boolean dialMembers, int maxMembers) {
    public static final int MAX_REPLICAS = 16;
    /** The default bound on members' records: a private swarm of a few dozen nodes fits. */
    public static final int DEFAULT_MAX_MEMBERS = 64;
    /** The highest {@code maxMembers}: each record costs a table entry and possibly a protected connection. */
    public static final int MAX_MAX_MEMBERS = 1024;

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
        if (maxMembers < 1 || maxMembers > MAX_MAX_MEMBERS) {
            throw new IllegalArgumentException("max members must be 1-" + MAX_MAX_MEMBERS + ": " + maxMembers);
        }
    }

    /** Settings that dial members, {@value #DEFAULT_MAX_MEMBERS} of them at most. */
    public ReplicationConfig(boolean enabled, int replicas, int minTrust, Duration announceInterval, Duration expire,
            Duration checkInterval) {
        this(enabled, replicas, minTrust, announceInterval, expire, checkInterval, true, DEFAULT_MAX_MEMBERS);
    }

    /**
     * Off; 2 replicas among members trusted 1 or more; roots announced every 12 hours and forgotten after 72 (six
     * missed announcements, or three days away); checked every minute; members heard of dialled, 64 at most.
     */
    public static ReplicationConfig defaults() {
        return new ReplicationConfig(false, 2, 1, Duration.ofHours(12), Duration.ofHours(72), Duration.ofMinutes(1));
    }
}
