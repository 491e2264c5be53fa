package dev.ferry.exchange.bitswap.client;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A group of related fetches (one file, one DAG) over a peer scope: all connected peers, or a fixed set. Closing it
 * cancels whatever it still wants. Thread-safe.
 */
public final class BitswapSession implements AutoCloseable {
    private final BitswapClient client;
    private final Set<PeerId> scope;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<AutoCloseable> open = new ArrayList<>();
    private boolean closed;
    private final AtomicLong blocksFetched = new AtomicLong();
    private final AtomicLong bytesFetched = new AtomicLong();

    BitswapSession(BitswapClient client, Set<PeerId> scope) {
        this.client = client;
        this.scope = scope;
    }

    BitswapClient client() {
        return client;
    }

    Set<PeerId> scope() {
        return scope;
    }

    /**
     * One block, verified, from the local store or the peers.
     *
     * @throws BitswapTimeoutException not delivered within {@code timeout}; the want is cancelled
     * @throws dev.ferry.store.InvalidBlockException the CID's hash function is one IPFS refuses
     */
    public Block get(Cid cid, Duration timeout) {
        Block.checkHashFunction(cid); // nobody could deliver it: refused now, not after the timeout
        Optional<Block> local = client.local(cid);
        if (local.isPresent()) {
            return local.get();
        }
        Want w = client.want(cid, scope);
        try {
            Block b = w.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            fetched(b);
            return b;
        } catch (TimeoutException e) {
            throw new BitswapTimeoutException(cid, "no peer delivered " + cid + " within " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException("fetch of " + cid + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted fetching " + cid, e);
        } finally {
            client.release(w);
        }
    }

    /** Counts a block this session got from the network (not from the local store). */
    void fetched(Block b) {
        blocksFetched.incrementAndGet();
        bytesFetched.addAndGet(b.size());
    }

    /** Blocks this session's wants got from peers so far. */
    public long blocksFetched() {
        return blocksFetched.get();
    }

    /** The bytes of {@link #blocksFetched()}. */
    public long bytesFetched() {
        return bytesFetched.get();
    }

    /**
     * Streams the DAG under {@code root} in depth-first pre-order (a file's leaves come in file order), fetching
     * ahead of the reader; every block is verified and stored. Close the stream when done.
     *
     * @param idleTimeout how long the reader may wait for the next block before {@link BitswapTimeoutException}
     */
    public DagStream stream(Cid root, Duration idleTimeout) {
        return open(new DagStream(this, root, idleTimeout, true));
    }

    private DagStream open(DagStream s) {
        lock.lock();
        try {
            if (closed) {
                s.close();
                throw new IllegalStateException("session closed");
            }
            open.add(s);
        } finally {
            lock.unlock();
        }
        s.start();
        return s;
    }

    /** Fetches the whole DAG under {@code root} into the store; returns the number of blocks. */
    public long fetchAll(Cid root, Duration idleTimeout) {
        long n = 0;
        // the blocks are stored on arrival; the stream keeps only their links
        try (DagStream s = open(new DagStream(this, root, idleTimeout, false))) {
            while (s.hasNext()) {
                s.next();
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayList<>(open);
            open.clear();
        } finally {
            lock.unlock();
        }
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // DagStream.close does not throw
            }
        }
    }
}
