package dev.ferry.exchange.bitswap.network;

import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.identity.PeerId;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The narrow view of the network the client and the server use (tests substitute fakes). Thread-safe. */
public interface MessageSender {
    /**
     * Queues {@code message} for {@code peer}; never blocks. The future completes when the message is written (and
     * flushed) on the peer's outbound stream, or exceptionally when it could not be.
     */
    CompletableFuture<Void> send(PeerId peer, BitswapMessage message);

    /** Peers with at least one open connection. */
    Set<PeerId> peers();

    /** Closes every connection to {@code peer} (used against misbehaving peers). */
    void disconnect(PeerId peer);
}
