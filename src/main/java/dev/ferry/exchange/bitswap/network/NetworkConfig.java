package dev.ferry.exchange.bitswap.network;

import dev.ferry.exchange.bitswap.wire.BitswapCodec;

/**
 * @param maxMessageSize   the largest inbound message accepted (and outbound sent)
 * @param maxQueuedMessages messages waiting for one peer's outbound stream; more are refused at once
 * @param writeBufferSize  buffered bytes before a write reaches the stream (small messages are batched)
 */
public record NetworkConfig(int maxMessageSize, int maxQueuedMessages, int writeBufferSize) {
    public NetworkConfig {
        if (maxMessageSize < 1024 || maxMessageSize > BitswapCodec.MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize);
        }
        if (maxQueuedMessages < 1 || writeBufferSize < 512) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static NetworkConfig defaults() {
        return new NetworkConfig(BitswapCodec.MAX_MESSAGE_SIZE, 4096, 64 * 1024);
    }
}
