package dev.ferry.exchange.bitswap.network;

import dev.ferry.exchange.bitswap.wire.BitswapCodec;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BitswapProtocol;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One peer's outbound side: a queue of messages and one long-lived stream they are written to, in order, by a single
 * drain thread that runs only while there is something to write. Everything queued when the thread wakes is written
 * and then flushed once (batching). A write failure closes the stream; the batch is retried once on a fresh stream.
 */
final class PeerOutbox {
    private record Pending(BitswapMessage message, CompletableFuture<Void> done) {}

    private final Host host;
    private final PeerId peer;
    private final NetworkConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;
    // touched only by the drain thread
    private NegotiatedStream stream;
    private OutputStream out;
    private BitswapProtocol protocol;

    private final Runnable onUnsupported;

    /** @param onUnsupported called when the peer answers that it speaks no Bitswap version */
    PeerOutbox(Host host, PeerId peer, NetworkConfig config, Runnable onUnsupported) {
        this.host = host;
        this.peer = peer;
        this.config = config;
        this.onUnsupported = onUnsupported;
    }

    CompletableFuture<Void> enqueue(BitswapMessage m) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                done.completeExceptionally(new IOException("outbox to " + peer + " closed"));
                return done;
            }
            if (queue.size() >= config.maxQueuedMessages()) {
                done.completeExceptionally(new RejectedExecutionException("outbound queue to " + peer + " full"));
                return done;
            }
            queue.add(new Pending(m, done));
            if (!draining) {
                draining = true;
                Thread.ofVirtual().name("bitswap-out " + peer).start(this::drain);
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    private void drain() {
        while (true) {
            List<Pending> batch;
            lock.lock();
            try {
                if (queue.isEmpty() || closed) {
                    draining = false;
                    if (closed) {
                        failAll(new ArrayList<>(queue), new IOException("outbox closed"));
                        queue.clear();
                        closeStream();
                    }
                    return;
                }
                batch = new ArrayList<>(queue);
                queue.clear();
            } finally {
                lock.unlock();
            }
            try {
                writeBatch(batch);
            } catch (ProtocolNotSupportedException e) {
                failAll(batch, e); // no point in retrying
                onUnsupported.run();
                continue;
            } catch (IOException | RuntimeException first) {
                closeStream();
                try {
                    writeBatch(batch); // a fresh stream: the old one may have been closed by the peer
                } catch (IOException | RuntimeException second) {
                    closeStream();
                    failAll(batch, second);
                    continue;
                }
            }
            for (Pending p : batch) {
                p.done.complete(null);
            }
        }
    }

    private void writeBatch(List<Pending> batch) throws IOException {
        if (stream == null) {
            stream = host.newStream(peer, BitswapProtocol.ids().toArray(String[]::new));
            protocol = BitswapProtocol.of(stream.protocol()).orElseThrow();
            out = new BufferedOutputStream(stream.out(), config.writeBufferSize());
        }
        for (Pending p : batch) {
            BitswapCodec.write(out, p.message, protocol);
        }
        out.flush();
    }

    private static void failAll(List<Pending> batch, Throwable t) {
        for (Pending p : batch) {
            p.done.completeExceptionally(t);
        }
    }

    private void closeStream() {
        NegotiatedStream s = stream;
        stream = null;
        out = null;
        if (s != null) {
            s.reset();
        }
    }

    /** Fails what is queued and drops the stream (when the peer disconnects). */
    void close() {
        lock.lock();
        try {
            closed = true;
            if (!draining) {
                failAll(new ArrayList<>(queue), new IOException("peer disconnected"));
                queue.clear();
                draining = true; // the stream is closed by a last short drain run
                Thread.ofVirtual().name("bitswap-out-close " + peer).start(this::drain);
            }
        } finally {
            lock.unlock();
        }
    }
}
