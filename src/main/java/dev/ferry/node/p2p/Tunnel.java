package dev.ferry.node.p2p;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One tunnelled connection: a TCP connection and a libp2p stream piped into each other, each direction on its own
 * virtual thread through a fixed buffer (a slow reader on one side holds the writer on the other back, nothing piles
 * up). The end of one side's input half-closes the other side (TCP shutdown to stream FIN and back), so a client
 * may send its request, shut its output and still read the answer. The tunnel ends when both directions have ended,
 * closing both sides; the first error, or {@link #reset()}, aborts both at once.
 */
public final class Tunnel {
    /** Bytes one direction holds at a time. */
    static final int BUFFER_SIZE = 32 * 1024;

    private final long id;
    private final Mount mount;
    private final Multiaddr origin;
    private final Multiaddr target;
    private final PeerId peer;
    private final DuplexStream local;
    private final DuplexStream remote;
    private final Consumer<Tunnel> onEnd;
    private final AtomicInteger directions = new AtomicInteger(2);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    Tunnel(long id, Mount mount, Multiaddr origin, Multiaddr target, PeerId peer, DuplexStream local,
            DuplexStream remote, Consumer<Tunnel> onEnd) {
        this.id = id;
        this.mount = mount;
        this.origin = origin;
        this.target = target;
        this.peer = peer;
        this.local = local;
        this.remote = remote;
        this.onEnd = onEnd;
    }

    /** Kubo's handler ID: numbered from 0 in the order tunnels open on this node. */
    public long id() {
        return id;
    }

    public String protocol() {
        return mount.protocol();
    }

    /** Where the connection came from: {@code /p2p/<peer>} inbound, the TCP client's address when forwarded. */
    public Multiaddr originAddress() {
        return origin;
    }

    /** Where it goes: the TCP target inbound, {@code /p2p/<peer>} when forwarded. */
    public Multiaddr targetAddress() {
        return target;
    }

    /** The peer at the libp2p end. */
    public PeerId peer() {
        return peer;
    }

    Mount mount() {
        return mount;
    }

    /** Pipes both ways until the tunnel ends; the calling thread carries the stream-to-TCP direction. */
    void run() {
        Thread.ofVirtual().name("p2p-tunnel-" + id).start(() -> pump(local, remote));
        pump(remote, local);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset();
        }
    }

    private void pump(DuplexStream from, DuplexStream to) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = from.in();
            OutputStream out = to.out();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.closeWrite();
        } catch (IOException | RuntimeException e) {
            reset();
            return;
        }
        if (directions.decrementAndGet() == 0) {
            end(false);
        }
    }

    /** Aborts both sides at once (Kubo's {@code p2p stream close}). Idempotent. */
    public void reset() {
        end(true);
    }

    /** Whether the tunnel has ended. */
    public boolean isEnded() {
        return ended.get();
    }

    private void end(boolean abort) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            if (abort) {
                remote.reset();
                local.reset();
            } else {
                closeQuietly(remote);
                closeQuietly(local);
            }
        } finally {
            onEnd.accept(this);
            done.countDown();
        }
    }

    private static void closeQuietly(DuplexStream s) {
        try {
            s.close();
        } catch (IOException e) {
            s.reset();
        }
    }

    @Override
    public String toString() {
        return id + " " + protocol() + " " + origin + " -> " + target;
    }
}
