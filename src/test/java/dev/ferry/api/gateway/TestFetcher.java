package dev.ferry.api.gateway;

import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A ContentFetcher over a local store for tests: a block missing from the store is either "not found" (a local-only
 * source) or a fetch timeout (a network that never delivers). Counts sessions, and releases a permit per close.
 */
final class TestFetcher implements ContentFetcher {
    enum Missing { NOT_FOUND, TIMEOUT }

    private final Blockstore local;
    private final Missing missing;
    final AtomicInteger opened = new AtomicInteger();
    final Semaphore closed = new Semaphore(0);

    TestFetcher(Blockstore local, Missing missing) {
        this.local = local;
        this.missing = missing;
    }

    @Override
    public Blockstore local() {
        return local;
    }

    @Override
    public FetchSession open(Duration timeout) {
        opened.incrementAndGet();
        return new Session();
    }

    private final class Session implements FetchSession {
        private boolean isClosed;

        @Override
        public Block get(Cid cid) {
            Optional<Block> b = local.get(cid);
            if (b.isPresent()) {
                return b.get();
            }
            if (missing == Missing.TIMEOUT) {
                throw new FetchTimeoutException(cid, "no provider delivered " + cid);
            }
            throw new BlockNotFoundException("block not found: " + cid);
        }

        @Override
        public Blockstore blocks() {
            return new SessionStore(this);
        }

        @Override
        public long fetchAll(Cid root) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            if (!isClosed) {
                isClosed = true;
                closed.release();
            }
        }
    }

    private final class SessionStore implements Blockstore {
        private final Session session;

        SessionStore(Session session) {
            this.session = session;
        }

        @Override
        public boolean has(Cid cid) {
            return local.has(cid);
        }

        @Override
        public Optional<Block> get(Cid cid) {
            return Optional.of(session.get(cid));
        }

        @Override
        public OptionalInt size(Cid cid) {
            return local.size(cid);
        }

        @Override
        public void put(Block block) {
            local.put(block);
        }

        @Override
        public boolean delete(Cid cid) {
            return local.delete(cid);
        }

        @Override
        public Stream<Cid> cids() {
            return local.cids();
        }

        @Override
        public void sync() {
        }

        @Override
        public void close() {
        }
    }
}
