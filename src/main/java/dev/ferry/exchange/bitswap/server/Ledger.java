package dev.ferry.exchange.bitswap.server;

import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;

/** One peer's wants and counters. Guarded by the server's lock. */
final class Ledger {
    /** A queued want: the entry and its arrival order (FIFO among equal priorities). */
    record Task(WantEntry want, long seq) {}

    static final Comparator<Task> ORDER = Comparator.<Task>comparingInt(t -> t.want().priority()).reversed()
            .thenComparingLong(Task::seq);

    final PeerId peer;
    final LinkedHashMap<Cid, Task> pending = new LinkedHashMap<>();
    /** want-blocks without send-dont-have for blocks we lack: answered when the block arrives. */
    final Set<Cid> waiting = new HashSet<>();
    int outstanding;
    boolean queued;
    /** Batches left in the current turn (0: the next pick starts a new one). */
    int turnLeft;
    /** The peer's weight as last read (0: never), and when ({@link System#nanoTime}). */
    int weight;
    long weightReadAt;
    long blocksSent;
    long bytesSent;
    long blocksReceived;
    long bytesReceived;
    long wantsDropped;

    Ledger(PeerId peer) {
        this.peer = peer;
    }

    int size() {
        return pending.size() + waiting.size();
    }

    LedgerSnapshot snapshot() {
        return new LedgerSnapshot(peer, size(), blocksSent, bytesSent, blocksReceived, bytesReceived, wantsDropped);
    }
}
