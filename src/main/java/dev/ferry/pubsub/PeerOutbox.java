package dev.ferry.pubsub;

import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import dev.ferry.pubsub.wire.PubsubCodec;
import dev.ferry.pubsub.wire.Rpc;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our one long-lived, write-only pubsub stream to a peer, fed from a bounded queue by its own virtual thread. The
 * stream is opened on an existing connection (never dials), first carries {@code hello} (our subscriptions), then
 * the queued RPCs, several per flush when they pile up. A full queue (in RPCs or in bytes) drops new RPCs instead of
 * blocking the router: a slow peer loses messages, the others do not wait for it. A broken stream is reopened once
 * while the peer stays connected.
 */
final class PeerOutbox {
    private static final Logger log = LoggerFactory.getLogger(PeerOutbox.class);
    private static final Rpc CLOSE = new Rpc(List.of(), List.of(), Rpc.Control.EMPTY); // sentinel, by identity

    /** What the outbox tells its owner. */
    interface Events {
        /** The stream is open with {@code protocol}. */
        void opened(PeerId peer, String protocol);

        /** The peer speaks none of our protocols, or the stream cannot be kept: the outbox has stopped. */
        void gone(PeerId peer, boolean notPubsub);
    }

    private final Host host;
    private final PeerId peer;
    private final List<String> protocols;
    private final Supplier<Rpc> hello;
    private final Events events;
    private final ArrayBlockingQueue<Rpc> queue;
    private final long maxBytes;
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    PeerOutbox(Host host, PeerId peer, List<String> protocols, int capacity, long maxBytes, Supplier<Rpc> hello,
            Events events) {
        this.host = host;
        this.peer = peer;
        this.protocols = List.copyOf(protocols);
        this.hello = hello;
        this.events = events;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBytes = maxBytes;
    }

    void start() {
        Thread.ofVirtual().name("pubsub-out " + peer).start(this::run);
    }

    /** Queues an RPC; false when the queue is full or the outbox stopped (the RPC is dropped). */
    boolean offer(Rpc rpc) {
        if (closed) {
            return false;
        }
        long size = weight(rpc);
        if (queuedBytes.addAndGet(size) > maxBytes) {
            queuedBytes.addAndGet(-size);
            return false;
        }
        if (!queue.offer(rpc)) {
            queuedBytes.addAndGet(-size);
            return false;
        }
        return true;
    }

    /** What an RPC is counted as in the byte budget: its payloads plus a little per message. */
    static long weight(Rpc rpc) {
        long w = 64;
        for (var m : rpc.publish()) {
            w += m.dataLength() + 128;
        }
        return w;
    }

    boolean isStopped() {
        return closed;
    }

    void close() {
        closed = true;
        queue.clear();
        queue.offer(CLOSE);
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            NegotiatedStream stream;
            try {
                stream = open();
            } catch (ProtocolNotSupportedException e) {
                closed = true;
                events.gone(peer, true);
                return;
            } catch (IOException e) {
                log.debug("pubsub stream to {} not opened: {}", peer, e.toString());
                closed = true;
                events.gone(peer, false);
                return;
            }
            events.opened(peer, stream.protocol());
            try (stream) {
                OutputStream out = stream.out();
                out.write(PubsubCodec.frame(hello.get()));
                out.flush();
                failures = 0;
                List<Rpc> batch = new ArrayList<>();
                while (!closed) {
                    Rpc first = queue.poll(30, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, 64);
                    for (Rpc r : batch) {
                        if (r == CLOSE) {
                            return;
                        }
                        queuedBytes.addAndGet(-weight(r));
                        out.write(PubsubCodec.frame(r));
                    }
                    out.flush();
                    batch.clear();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                log.debug("pubsub stream to {} broke: {}", peer, e.toString());
                if (++failures > 1 || !host.isConnected(peer)) {
                    closed = true;
                    events.gone(peer, false);
                    return;
                }
            }
        }
    }

    private NegotiatedStream open() throws IOException {
        List<Connection> connections = host.connections(peer);
        for (int i = connections.size() - 1; i >= 0; i--) {
            Connection c = connections.get(i);
            if (c.isOpen()) {
                return c.newStream(protocols.toArray(String[]::new));
            }
        }
        throw new IOException("not connected to " + peer);
    }
}
