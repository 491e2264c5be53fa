package dev.ferry.testing.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 (port 0) in front of a target, for network tests. Per direction it can add latency (a
 * pure delay: chunks are pipelined, so throughput is not cut), corrupt one byte at a given offset, or cut every
 * connection after a number of forwarded bytes; {@link #cutAll()} cuts at once.
 */
public final class TcpProxy implements AutoCloseable {
    /** Which way bytes flow. */
    public enum Direction { TO_TARGET, TO_CLIENT }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long delayNanos;
    private volatile long corruptToTargetAt = -1;
    private volatile long corruptToClientAt = -1;
    private volatile long cutAfter = Long.MAX_VALUE;

    private TcpProxy(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** Starts a proxy forwarding to {@code target}. */
    public static TcpProxy start(InetSocketAddress target) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TcpProxy p = new TcpProxy(server, target);
        Thread.ofVirtual().name("tcp-proxy-accept").start(p::acceptLoop);
        return p;
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** One-way latency added to each direction of connections accepted from now on. */
    public TcpProxy delay(Duration oneWay) {
        this.delayNanos = oneWay.toNanos();
        return this;
    }

    /** Flips all bits of the byte at {@code offset} (0-based, per connection) in the given direction. */
    public TcpProxy corrupt(Direction direction, long offset) {
        if (direction == Direction.TO_TARGET) {
            corruptToTargetAt = offset;
        } else {
            corruptToClientAt = offset;
        }
        return this;
    }

    /** Closes a connection abruptly once this many bytes were forwarded in either direction. */
    public TcpProxy cutAfter(long bytes) {
        this.cutAfter = bytes;
        return this;
    }

    /** Cuts every open connection now (RST both ends). */
    public void cutAll() {
        for (Socket s : sockets) {
            abort(s);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closed
        }
        cutAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                AtomicLong forwarded = new AtomicLong();
                pump(client, upstream, corruptToTargetAt, forwarded);
                pump(upstream, client, corruptToClientAt, forwarded);
            } catch (IOException e) {
                return;
            }
        }
    }

    private record Chunk(long due, byte[] data, int len) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(due, ((Chunk) o).due);
        }
    }

    private void pump(Socket from, Socket to, long corruptAt, AtomicLong forwarded) {
        long delay = delayNanos;
        long cut = cutAfter;
        DelayQueue<Chunk> queue = new DelayQueue<>();
        Thread.ofVirtual().name("tcp-proxy-read").start(() -> {
            long offset = 0;
            // not closed here: closing the stream closes the socket, and the other direction may still carry data
            try {
                InputStream in = from.getInputStream();
                while (true) {
                    byte[] buf = new byte[32 * 1024];
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    if (corruptAt >= offset && corruptAt < offset + n) {
                        int i = (int) (corruptAt - offset);
                        buf[i] = (byte) ~buf[i];
                    }
                    offset += n;
                    queue.add(new Chunk(System.nanoTime() + delay, buf, n));
                }
            } catch (IOException ignored) {
                // cut or closed
            }
            queue.add(new Chunk(System.nanoTime() + delay, null, -1));
        });
        Thread.ofVirtual().name("tcp-proxy-write").start(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = queue.take();
                    if (c.data() == null) {
                        to.shutdownOutput();
                        return;
                    }
                    long before = forwarded.get();
                    if (before + c.len() > cut) {
                        int allowed = (int) Math.max(0, cut - before);
                        out.write(c.data(), 0, allowed);
                        out.flush();
                        abort(from);
                        abort(to);
                        return;
                    }
                    forwarded.addAndGet(c.len());
                    out.write(c.data(), 0, c.len());
                }
            } catch (IOException | InterruptedException e) {
                // the destination is gone: stop this direction only, so what the other direction still carries (a
                // peer's last frame before it closed) is delivered; the sockets close with the proxy
                try {
                    from.shutdownInput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
    }

    private static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closed
        }
    }
}
