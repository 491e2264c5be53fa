package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection's place in its resource scopes: system, and transient until the handshake names its peer, then the
 * peer's instead. {@link #release()} gives everything back exactly once, whatever thread calls it and however often.
 */
final class ConnectionReservation {
    /** Reserves nothing (the resource manager is disabled). */
    static final ConnectionReservation UNCOUNTED = new ConnectionReservation(null, Direction.INBOUND, null);

    private static final Object TRANSIENT = new Object();
    private static final Object RELEASED = new Object();

    private final ResourceManager manager;
    private final Direction direction;
    private final Multiaddr remote;
    // TRANSIENT, then the peer (a PeerId), then RELEASED
    private final AtomicReference<Object> state = new AtomicReference<>(TRANSIENT);

    ConnectionReservation(ResourceManager manager, Direction direction, Multiaddr remote) {
        this.manager = manager;
        this.direction = direction;
        this.remote = remote;
    }

    /**
     * Moves the connection from the transient scope into {@code peer}'s.
     *
     * @throws ResourceLimitException the peer's scope is full (the connection stays transient until released)
     */
    void setPeer(PeerId peer) throws ResourceLimitException {
        if (manager == null) {
            return;
        }
        manager.reservePeerConnection(peer, direction, remote);
        if (!state.compareAndSet(TRANSIENT, peer)) {
            manager.releasePeerConnection(peer, direction); // released meanwhile, or set twice
            return;
        }
        manager.transientScope().releaseConnection(direction);
    }

    /** Gives the connection's reservations back; the first call does, later ones do nothing. */
    void release() {
        if (manager == null) {
            return;
        }
        Object was = state.getAndSet(RELEASED);
        if (was == RELEASED) {
            return;
        }
        if (was instanceof PeerId peer) {
            manager.releasePeerConnection(peer, direction);
        } else {
            manager.transientScope().releaseConnection(direction);
        }
        manager.systemScope().releaseConnection(direction);
    }
}
