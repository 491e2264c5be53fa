package dev.ferry.net.host;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A protocol handler that can be turned on and off while the host runs (a service that pauses, e.g. AutoNAT while
 * the node itself is private); identify tells connected peers of each change. Thread-safe.
 */
public final class ProtocolSwitch {
    private final Host host;
    private final String protocolId;
    private final StreamHandler handler;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean on; // guarded by lock

    public ProtocolSwitch(Host host, String protocolId, StreamHandler handler) {
        this.host = host;
        this.protocolId = protocolId;
        this.handler = handler;
    }

    /** Serves the protocol (again); does nothing when it is served. */
    public void enable() {
        lock.lock();
        try {
            if (!on) {
                host.setHandler(protocolId, handler);
                on = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops serving the protocol; does nothing when it is not served. */
    public void disable() {
        lock.lock();
        try {
            if (on) {
                host.removeHandler(protocolId);
                on = false;
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isEnabled() {
        lock.lock();
        try {
            return on;
        } finally {
            lock.unlock();
        }
    }
}
