package dev.ferry.api.rpc;

import dev.ferry.multiformats.Cid;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.SourceUse;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A fetch session that hands its sources over when it closes (once). */
final class ReportingSession implements FetchSession {
    private final FetchSession session;
    private final Consumer<List<SourceUse>> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    ReportingSession(FetchSession session, Consumer<List<SourceUse>> onClose) {
        this.session = session;
        this.onClose = onClose;
    }

    @Override
    public Block get(Cid cid) {
        return session.get(cid);
    }

    @Override
    public Blockstore blocks() {
        return session.blocks();
    }

    @Override
    public long fetchAll(Cid root) {
        return session.fetchAll(root);
    }

    @Override
    public List<SourceUse> sources() {
        return session.sources();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            session.close();
            onClose.accept(session.sources());
        }
    }
}
