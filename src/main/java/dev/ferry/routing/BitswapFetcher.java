package dev.ferry.routing;

import dev.ferry.exchange.bitswap.Bitswap;
import dev.ferry.exchange.bitswap.client.BitswapSession;
import dev.ferry.exchange.bitswap.client.BitswapTimeoutException;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.List;

/** Local store, then the Bitswap peers: each session is a Bitswap session over all connected peers. */
public final class BitswapFetcher implements ContentFetcher {
    private final Blockstore local;
    private final Bitswap bitswap;

    public BitswapFetcher(Blockstore local, Bitswap bitswap) {
        this.local = local;
        this.bitswap = bitswap;
    }

    @Override
    public Blockstore local() {
        return local;
    }

    @Override
    public FetchSession open(Duration timeout) {
        return new Session(bitswap.client().newSession(), timeout);
    }

    private final class Session implements FetchSession {
        private final BitswapSession session;
        private final Duration timeout;
        private final Blockstore view;

        Session(BitswapSession session, Duration timeout) {
            this.session = session;
            this.timeout = timeout;
            this.view = new FetchingBlockstore(local, this);
        }

        @Override
        public Block get(Cid cid) {
            try {
                return session.get(cid, timeout);
            } catch (BitswapTimeoutException e) {
                throw new FetchTimeoutException(cid, e.getMessage(), e);
            }
        }

        @Override
        public Blockstore blocks() {
            return view;
        }

        @Override
        public long fetchAll(Cid root) {
            try {
                return session.fetchAll(root, timeout);
            } catch (BitswapTimeoutException e) {
                throw new FetchTimeoutException(root, e.getMessage(), e);
            }
        }

        @Override
        public List<SourceUse> sources() {
            long blocks = session.blocksFetched();
            return blocks == 0 ? List.of() : List.of(new SourceUse("ipfs", "", blocks, session.bytesFetched()));
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
