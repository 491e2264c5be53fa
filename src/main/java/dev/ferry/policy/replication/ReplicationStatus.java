package dev.ferry.policy.replication;

import java.util.List;

/**
 * What swarm replication sees and does now.
 *
 * @param config        its settings
 * @param self          this node as a member
 * @param members       the members, this node included, in DID order
 * @param rootsKnown    distinct roots remembered
 * @param announcements (root, announcer) entries remembered
 * @param assigned      roots assigned to this node, and those it keeps but releases once covered, in CID order
 * @param heard         announcements taken in since the start
 * @param ignored       announcements ignored since the start: from peers trusted below the minimum, or malformed
 */
public record ReplicationStatus(ReplicationConfig config, SwarmMember self, List<SwarmMember> members, int rootsKnown,
        int announcements, List<RootAssignment> assigned, long heard, long ignored) {
    public ReplicationStatus {
        members = List.copyOf(members);
        assigned = List.copyOf(assigned);
    }
}
