package dev.ferry.routing;

import dev.ferry.store.Blockstore;
import java.time.Duration;

/** The node's way to read content: the local store, and fetch sessions that also ask remote sources. Thread-safe. */
public interface ContentFetcher {
    /** The local store only: never touches the network. */
    Blockstore local();

    /**
     * A session for one request (one file, one DAG). Blocks missing locally are fetched from remote sources,
     * verified and stored locally before they are returned.
     *
     * @param timeout how long to wait for any one block before {@link FetchTimeoutException}
     */
    FetchSession open(Duration timeout);
}
