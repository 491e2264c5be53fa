package dev.ferry.net.host;

/**
 * Host events. Called synchronously on the thread that caused them: implementations must return quickly (start a
 * virtual thread for any I/O) and must not throw.
 */
public interface HostListener {
    /** A connection finished upgrading and was admitted by the connection manager. */
    default void connected(Connection connection) {}

    /** A connection closed (for any reason). */
    default void disconnected(Connection connection) {}

    /** {@link Host#setHandler} or {@link Host#removeHandler} changed the set of served protocols. */
    default void protocolsChanged() {}

    /** The addresses the host announces changed (e.g. a relay reservation was made or lost). */
    default void addressesChanged() {}

    /** The observed addresses worth an AutoNAT v2 check changed ({@link Host#addressCandidates()}). */
    default void addressCandidatesChanged() {}

    /** A peer's protocols changed in the peer store (identify told us). */
    default void peerProtocolsChanged(dev.ferry.identity.PeerId peer) {}
}
