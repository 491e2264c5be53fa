package dev.ferry.policy.replication;

/** The swarm roots file cannot be read: torn, damaged, or not that file at all. */
public final class CorruptSwarmRootsException extends RuntimeException {
    public CorruptSwarmRootsException(String message) {
        super(message);
    }
}
