package dev.ferry.exchange.bitswap.testing;

import dev.ferry.exchange.bitswap.network.MessageSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.identity.PeerId;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A network that records what is sent and completes every send at once. */
public final class RecordingSender implements MessageSender {
    public record Sent(PeerId peer, BitswapMessage message) {}

    private final LinkedBlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private final Set<PeerId> peers;

    public RecordingSender(Set<PeerId> peers) {
        this.peers = peers;
    }

    @Override
    public CompletableFuture<Void> send(PeerId peer, BitswapMessage message) {
        sent.add(new Sent(peer, message));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<PeerId> peers() {
        return peers;
    }

    @Override
    public void disconnect(PeerId peer) {}

    /** The next message sent, waiting up to 10 s. */
    public Sent next() throws InterruptedException {
        Sent s = sent.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("nothing sent within 10 s");
        }
        return s;
    }

    /** The next message within {@code millis}, or null. */
    public Sent poll(long millis) throws InterruptedException {
        return sent.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Nothing more within {@code millis}. */
    public boolean quiet(long millis) throws InterruptedException {
        return sent.poll(millis, TimeUnit.MILLISECONDS) == null;
    }
}
