package dev.ferry.node.p2p;

import dev.ferry.multiformats.Multiaddr;

/** One line of {@code p2p ls}: where connections come in, and where they are sent. */
public sealed interface Mount permits ProtocolListener, PortForwarder {
    /** The libp2p protocol the tunnels speak. */
    String protocol();

    /** {@code /p2p/<this node>} for a listener, the bound TCP address for a forwarder. */
    Multiaddr listenAddress();

    /** The TCP target of a listener, {@code /p2p/<peer>} for a forwarder. */
    Multiaddr targetAddress();
}
