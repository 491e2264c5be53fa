package dev.ferry.policy.replication;

/** The swarm members file cannot be read: torn, damaged, or not that file at all. */
public final class CorruptSwarmMembersException extends RuntimeException {
    public CorruptSwarmMembersException(String message) {
        super(message);
    }
}
