package dev.ferry.routing.prefetch;

import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.SourceUse;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fetcher the node's users read through, counting the sessions open on it: how busy the node is with its users'
 * fetches, which prefetching yields to. Thread-safe as the wrapped fetcher.
 */
public final class UserFetches implements ContentFetcher {
    private final ContentFetcher fetcher;
    private final AtomicInteger open;

    public UserFetches(ContentFetcher fetcher) {
        this(fetcher, new AtomicInteger());
    }

    private UserFetches(ContentFetcher fetcher, AtomicInteger open) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.open = open;
    }

    /** Another fetcher counted with this one (the same count). */
    public UserFetches sharing(ContentFetcher other) {
        return new UserFetches(other, open);
    }

    /** Sessions open now, over this fetcher and those sharing its count. */
    public int open() {
        return open.get();
    }

    @Override
    public Blockstore local() {
        return fetcher.local();
    }

    @Override
    public FetchSession open(Duration timeout) {
        FetchSession inner = fetcher.open(timeout);
        open.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return new FetchSession() {
            @Override
            public Block get(Cid cid) {
                return inner.get(cid);
            }

            @Override
            public Blockstore blocks() {
                return inner.blocks();
            }

            @Override
            public long fetchAll(Cid root) {
                return inner.fetchAll(root);
            }

            @Override
            public List<SourceUse> sources() {
                return inner.sources();
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    open.decrementAndGet();
                }
                inner.close();
            }
        };
    }
}
