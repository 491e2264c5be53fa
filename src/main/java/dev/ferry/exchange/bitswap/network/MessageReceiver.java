package dev.ferry.exchange.bitswap.network;

import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BitswapWireException;
import dev.ferry.identity.PeerId;

/**
 * What the network delivers. Called on the reading thread of the peer's stream (one virtual thread per inbound
 * stream), so messages of one stream arrive in order; implementations must be thread-safe and should not block long.
 */
public interface MessageReceiver {
    void receive(PeerId from, BitswapMessage message);

    /** The peer sent bytes that are not a valid Bitswap message; its stream has been reset. */
    default void malformed(PeerId from, BitswapWireException error) {}

    /** The first connection to {@code peer} opened. */
    default void peerConnected(PeerId peer) {}

    /** The last connection to {@code peer} closed. */
    default void peerDisconnected(PeerId peer) {}
}
