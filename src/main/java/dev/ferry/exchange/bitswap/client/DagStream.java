package dev.ferry.exchange.bitswap.client;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A DAG in depth-first pre-order, fetched ahead of the reader.
 *
 * <p>The traversal is a linked list of nodes: when a node's block arrives (in any order), its children are spliced in
 * right after it, so the list is always the pre-order of what is known. The first
 * {@link ClientConfig#prefetchWindow} nodes from the reader's position are requested (or read from the local store);
 * the reader takes blocks in list order. Memory is bounded by the window. Not for concurrent readers.
 */
public final class DagStream implements Iterator<Block>, AutoCloseable {
    private static final class Node {
        final Cid cid;
        Node next;
        Want want;
        boolean arrived;
        Block block; // null once arrived when the stream does not keep blocks

        Node(Cid cid) {
            this.cid = cid;
        }
    }

    private final BitswapSession session;
    private final Duration idleTimeout;
    private final int window;
    private final boolean keepBlocks;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private Node cursor;
    private boolean closed;
    private RuntimeException failure;

    /**
     * @param keepBlocks false for a reader that only needs the blocks stored (a whole-DAG fetch): a node then drops its
     *                   block once its links are read, so the window holds no block data ({@link #next} returns null)
     *                   and the collector has less to copy
     */
    DagStream(BitswapSession session, Cid root, Duration idleTimeout, boolean keepBlocks) {
        this.session = session;
        this.idleTimeout = idleTimeout;
        this.keepBlocks = keepBlocks;
        this.window = session.client().config().prefetchWindow();
        this.cursor = new Node(root);
    }

    void start() {
        lock.lock();
        try {
            topUp();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            return cursor != null && !closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next block in pre-order (null when the stream does not keep blocks: it is stored, that is all).
     *
     * @throws BitswapTimeoutException it did not arrive within the idle timeout
     */
    @Override
    public Block next() {
        lock.lock();
        try {
            if (cursor == null || closed) {
                throw new NoSuchElementException();
            }
            long deadline = System.nanoTime() + idleTimeout.toNanos();
            while (!cursor.arrived && failure == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Cid missing = cursor.cid;
                    throw new BitswapTimeoutException(missing, "no peer delivered " + missing + " within "
                            + idleTimeout);
                }
                arrived.awaitNanos(Math.min(left, 100_000_000L));
                if (cursor.want == null && !cursor.arrived) {
                    topUp(); // its want could not be placed earlier (table full)
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (closed) {
                throw new NoSuchElementException("closed");
            }
            Node n = cursor;
            cursor = n.next;
            releaseWant(n);
            topUp();
            return n.block;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: makes sure the first {@code window} nodes are present or requested. */
    private void topUp() {
        int seen = 0;
        for (Node n = cursor; n != null && seen < window && !closed; n = n.next, seen++) {
            if (n.arrived || n.want != null) {
                continue;
            }
            Optional<Block> local;
            try {
                local = session.client().local(n.cid);
            } catch (RuntimeException e) {
                failure = e; // a corrupt local block: surface it to the reader
                arrived.signalAll();
                return;
            }
            if (local.isPresent()) {
                fill(n, local.get());
                continue;
            }
            // never wait for room here: the threads that would make room need this stream's lock
            Want w = session.client().tryWant(n.cid, session.scope());
            if (w == null) {
                return; // the want table is full; the next arrival or read tops up again
            }
            n.want = w;
            Node node = n;
            w.result.whenComplete((b, e) -> onResult(node, b, e));
        }
    }

    private void onResult(Node n, Block b, Throwable e) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (e != null) {
                failure = new IllegalStateException("fetch of " + n.cid + " failed", e);
            } else if (!n.arrived) {
                session.fetched(b);
                fill(n, b);
                topUp();
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: stores the block in its node and splices the children in after it. */
    private void fill(Node n, Block b) {
        n.arrived = true;
        n.block = keepBlocks ? b : null;
        List<Cid> children;
        try {
            children = session.client().links().apply(b);
        } catch (RuntimeException e) {
            children = List.of(); // undecodable node: nothing below it can be reached
        }
        Node after = n.next;
        Node tail = n;
        for (Cid c : children) {
            Node child = new Node(c);
            tail.next = child;
            tail = child;
        }
        tail.next = after;
    }

    private void releaseWant(Node n) {
        if (n.want != null) {
            Want w = n.want;
            n.want = null;
            // released on another thread: release may send cancels and must not run under this lock's callbacks
            session.client().release(w);
        }
    }

    /** Cancels what is still wanted. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Node n = cursor; n != null; n = n.next) {
                releaseWant(n);
            }
            cursor = null;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
