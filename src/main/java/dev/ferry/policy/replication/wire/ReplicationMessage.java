package dev.ferry.policy.replication.wire;

/**
 * A message of the replication topic: a {@link RootAnnouncement} (roots pinned, roots withdrawn) or a
 * {@link MemberRecord} (how to reach its author). Either speaks only for the pubsub message's signed author.
 */
public sealed interface ReplicationMessage permits RootAnnouncement, MemberRecord {
}
