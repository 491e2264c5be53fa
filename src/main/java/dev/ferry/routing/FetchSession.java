package dev.ferry.routing;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.List;

/** One request's fetches; closing it cancels what it still wants. Thread-safe. */
public interface FetchSession extends AutoCloseable {
    /**
     * One block, verified: local, else from a remote source.
     *
     * @throws FetchTimeoutException no source delivered it in time
     */
    Block get(Cid cid);

    /**
     * The local store, with {@code get} of a missing block going through {@link #get(Cid)}; writes go to the local
     * store. Hand it to readers such as the UnixFS exporter.
     */
    Blockstore blocks();

    /**
     * Fetches the whole DAG under {@code root} into the local store (verified, stored), returning the number of
     * blocks walked. Useful ahead of a reader, or before answering with a complete archive.
     *
     * @throws FetchTimeoutException a block did not arrive in time
     */
    long fetchAll(Cid root);

    /**
     * What this session has fetched so far, per source (blocks found locally are not listed). Empty when nothing was
     * fetched, or when the session does not keep count.
     */
    default List<SourceUse> sources() {
        return List.of();
    }

    @Override
    void close();
}
