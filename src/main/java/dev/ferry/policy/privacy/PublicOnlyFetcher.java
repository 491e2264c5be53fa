package dev.ferry.policy.privacy;

import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link ContentFetcher} for the HTTP gateway (and anything public): private blocks look absent. Its stores are
 * {@link PublicOnlyBlockstore} views; a session's {@code get} of a private block fails as if no source delivered it
 * ({@link FetchTimeoutException}, at once: the public side cannot tell private from missing), and {@code fetchAll}
 * of a private root fails the same way. Thread-safe as the wrapped fetcher.
 */
public final class PublicOnlyFetcher implements ContentFetcher {
    private final ContentFetcher fetcher;
    private final PrivateContent content;

    public PublicOnlyFetcher(ContentFetcher fetcher, PrivateContent content) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.content = Objects.requireNonNull(content, "content");
    }

    @Override
    public Blockstore local() {
        return new PublicOnlyBlockstore(fetcher.local(), content);
    }

    @Override
    public FetchSession open(Duration timeout) {
        FetchSession inner = fetcher.open(timeout);
        return new FetchSession() {
            @Override
            public Block get(Cid cid) {
                refusePrivate(cid);
                return inner.get(cid);
            }

            @Override
            public Blockstore blocks() {
                return new PublicOnlyBlockstore(inner.blocks(), content);
            }

            @Override
            public long fetchAll(Cid root) {
                refusePrivate(root);
                return inner.fetchAll(root);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private void refusePrivate(Cid cid) {
        if (content.isPrivate(cid)) {
            throw new FetchTimeoutException(cid, "block " + cid + " is not available");
        }
    }
}
