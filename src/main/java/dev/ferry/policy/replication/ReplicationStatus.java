package dev.ferry.policy.replication;

import java.util.List;

/**
 * What swarm replication sees and does now.
 *
 * @param config        its settings
 * @param self          this node as a member
 * @param members       the members, this node included, in DID order
 * @param known         the members heard of by their records (connected or not), in DID order
 * @param rootsKnown    distinct roots remembered
 * @param announcements (root, announcer) entries remembered
 * @param assigned      roots assigned to this node, and those it keeps but releases once covered, in CID order
 * @param heard         messages (root announcements, member records) taken in since the start
 * @param ignored       messages ignored since the start: from peers trusted below the minimum, malformed, or member
 *                      records past the bound on members
 */
public record ReplicationStatus(ReplicationConfig config, SwarmMember self, List<SwarmMember> members,
        List<KnownMember> known, int rootsKnown, int announcements, List<RootAssignment> assigned, long heard,
        long ignored) {
    public ReplicationStatus {
        members = List.copyOf(members);
        known = List.copyOf(known);
        assigned = List.copyOf(assigned);
    }
}
