/**
 * Swarm-wide replication: a group of ferry nodes that trust each other keeps every member's roots alive on several
 * members, without anyone choosing holders, and beyond the departure of the member that added them.
 *
 * <ul>
 *   <li>Members: this node and the connected ferry peers (with a did:key) trusted at least the minimum that subscribe
 *       to {@value dev.ferry.policy.replication.SwarmReplication#TOPIC}; membership is learnt from pubsub
 *       subscriptions. Each member also tells the swarm its addresses ({@link
 *       dev.ferry.policy.replication.wire.MemberRecord}), and members dial the trusted members they hear of and are
 *       not connected to ({@link dev.ferry.policy.replication.MemberDialer}), so that a partial mesh becomes a full
 *       one and every member sees the same members. The members heard of are kept across restarts
 *       ({@link dev.ferry.policy.replication.SwarmMembers}), so a restarted member dials them at once.</li>
 *   <li>Roots: each member announces the roots it pins on that topic ({@link
 *       dev.ferry.policy.replication.wire.RootAnnouncement}, signed as every pubsub message), at start, when it pins
 *       more, when a member joins, and every announce interval; every member keeps them in
 *       {@link dev.ferry.policy.replication.SwarmRoots} until they go unannounced for the expiry time, or until their
 *       announcer withdraws them (it unpinned them); a root no one announces any more is let go.</li>
 *   <li>Assignment: {@link dev.ferry.policy.replication.Rendezvous} hashing over the members, the announcers left out,
 *       the same on every member that sees the same members; what is assigned here is kept through the node's replica
 *       keeper (requester {@value dev.ferry.policy.replication.SwarmReplication#REQUESTER}, within its quota).</li>
 * </ul>
 *
 * <p>Threat notes: only members trusted at least the minimum are heard, so a stranger cannot make this node fetch,
 * keep or dial anything; a member record makes this node dial its signed author only, at the addresses it signed,
 * within the node's address filters, a few at a time and with a backoff; what members may make it keep is bounded by the keeper's byte and entry quota, shared with pinning
 * policies. An announcement, and a withdrawal, speaks only for its signed author. A root is released from here only
 * once every member now assigned shows it in its capabilities index and passed a storage proof for it (blocks sampled
 * from the whole DAG; a member without the proof protocol is taken at its index's word), or once it expired or was
 * withdrawn by every announcer.
 */
package dev.ferry.policy.replication;
