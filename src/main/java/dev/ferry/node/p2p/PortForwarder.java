package dev.ferry.node.p2p;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.transport.TcpTransport;

/**
 * {@code p2p forward}: a local TCP listener whose accepted connections are each piped into a new stream of
 * {@link #protocol()} to {@link #peer()}. Identity equality, as {@link ProtocolListener}.
 */
public final class PortForwarder implements Mount {
    private final String protocol;
    private final PeerId peer;
    private final Multiaddr target;
    private volatile TcpTransport.Listener server;

    PortForwarder(String protocol, PeerId peer) {
        this.protocol = protocol;
        this.peer = peer;
        this.target = Multiaddr.parse("/p2p/" + peer);
    }

    /** Set once, right after binding and before the forwarder is listed. */
    void bound(TcpTransport.Listener server) {
        this.server = server;
    }

    void stop() {
        server.close();
    }

    @Override
    public String protocol() {
        return protocol;
    }

    public PeerId peer() {
        return peer;
    }

    @Override
    public Multiaddr listenAddress() {
        return server.listenAddress();
    }

    @Override
    public Multiaddr targetAddress() {
        return target;
    }

    @Override
    public String toString() {
        return "forward " + protocol + " " + listenAddress() + " -> " + target;
    }
}
