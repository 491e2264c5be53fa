package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stream's place in its resource scopes: system, its peer's, and transient until its protocol is agreed, then its
 * protocol's instead. {@link #release()} gives everything back exactly once, whatever thread calls it and however
 * often.
 */
final class StreamReservation {
    /** Reserves nothing (the resource manager is disabled). */
    static final StreamReservation UNCOUNTED = new StreamReservation(null, null, Direction.INBOUND);

    private static final Object TRANSIENT = new Object();
    private static final Object RELEASED = new Object();

    private final ResourceManager manager;
    private final PeerId peer;
    private final Direction direction;
    // TRANSIENT, then the agreed protocol (a String), then RELEASED
    private final AtomicReference<Object> state = new AtomicReference<>(TRANSIENT);

    StreamReservation(ResourceManager manager, PeerId peer, Direction direction) {
        this.manager = manager;
        this.peer = peer;
        this.direction = direction;
    }

    Direction direction() {
        return direction;
    }

    /**
     * Moves the stream from the transient scope into {@code protocol}'s.
     *
     * @throws ResourceLimitException the protocol's scope is full (the stream stays transient until released)
     */
    void setProtocol(String protocol) throws ResourceLimitException {
        if (manager == null) {
            return;
        }
        manager.protocolScope(protocol).reserveStream(direction);
        if (!state.compareAndSet(TRANSIENT, protocol)) {
            manager.protocolScope(protocol).releaseStream(direction); // released meanwhile, or set twice
            return;
        }
        manager.transientScope().releaseStream(direction);
    }

    /** Gives the stream's reservations back; the first call does, later ones do nothing. */
    void release() {
        if (manager == null) {
            return;
        }
        Object was = state.getAndSet(RELEASED);
        if (was == RELEASED) {
            return;
        }
        if (was instanceof String protocol) {
            manager.protocolScope(protocol).releaseStream(direction);
        } else {
            manager.transientScope().releaseStream(direction);
        }
        manager.releaseStream(peer, direction);
    }
}
