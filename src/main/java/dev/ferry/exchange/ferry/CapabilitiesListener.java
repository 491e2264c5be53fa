package dev.ferry.exchange.ferry;

import dev.ferry.identity.PeerId;

/**
 * Capability table events. Called synchronously on the thread that caused them (a stream or connection thread):
 * return quickly and never throw.
 */
public interface CapabilitiesListener {
    /** A peer's verified record was stored (first one, or a newer sequence number). */
    default void updated(PeerId peer, CapabilitiesRecord record) {}

    /** The peer's last connection closed; its record left the table. */
    default void removed(PeerId peer) {}

    /** A message from {@code peer} was refused. */
    default void rejected(PeerId peer, Rejection reason, String detail) {}
}
