package dev.ferry.node.p2p;

import dev.ferry.multiformats.Multiaddr;

/**
 * {@code p2p listen}: inbound streams of {@link #protocol()} are each piped into a new TCP connection to
 * {@link #targetAddress()}; with {@link #reportsPeerId()} the target first reads the peer's ID and a newline.
 * Identity equality: a listener closed and made again is another one.
 */
public final class ProtocolListener implements Mount {
    private final String protocol;
    private final Multiaddr self;
    private final Multiaddr target;
    private final boolean reportPeerId;

    ProtocolListener(String protocol, Multiaddr self, Multiaddr target, boolean reportPeerId) {
        this.protocol = protocol;
        this.self = self;
        this.target = target;
        this.reportPeerId = reportPeerId;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public Multiaddr listenAddress() {
        return self;
    }

    @Override
    public Multiaddr targetAddress() {
        return target;
    }

    public boolean reportsPeerId() {
        return reportPeerId;
    }

    @Override
    public String toString() {
        return "listen " + protocol + " -> " + target;
    }
}
