package dev.ferry.policy.pinning;

import dev.ferry.dag.walk.DagWalker;
import dev.ferry.dag.walk.MissingBlockException;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fetcher whose remote source is another store: {@code fetchAll} copies the DAG from it (a missing block times out
 * at once), after waiting for {@link #release} when {@link #hold} is set.
 */
final class CopyingFetcher implements ContentFetcher {
    final Blockstore local;
    final Blockstore remote;
    final AtomicInteger fetches = new AtomicInteger();
    volatile CountDownLatch hold;
    final CountDownLatch started = new CountDownLatch(1);

    CopyingFetcher(Blockstore local, Blockstore remote) {
        this.local = local;
        this.remote = remote;
    }

    void release() {
        hold.countDown();
    }

    @Override
    public Blockstore local() {
        return local;
    }

    @Override
    public FetchSession open(Duration timeout) {
        return new FetchSession() {
            @Override
            public Block get(Cid cid) {
                return local.get(cid).or(() -> remote.get(cid)).orElseThrow(
                        () -> new FetchTimeoutException(cid, "nobody has " + cid));
            }

            @Override
            public Blockstore blocks() {
                return local;
            }

            @Override
            public long fetchAll(Cid root) {
                fetches.incrementAndGet();
                started.countDown();
                CountDownLatch h = hold;
                if (h != null) {
                    try {
                        h.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new FetchTimeoutException(root, "interrupted");
                    }
                }
                try {
                    return new DagWalker(remote).walk(List.of(root), local::put).blocks();
                } catch (MissingBlockException e) {
                    throw new FetchTimeoutException(root, "no source has " + root);
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
