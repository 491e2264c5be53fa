package dev.ferry.exchange.bitswap.client;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One open want, shared by every requester of the CID. Guarded by the client's lock. */
final class Want {
    final Cid cid;
    final long seq;
    final int priority;
    final CompletableFuture<Block> result = new CompletableFuture<>();
    /** Peers the requesters allow; null = any connected peer. */
    Set<PeerId> scope;
    int refs;
    final Set<PeerId> haves = new HashSet<>();
    final Set<PeerId> dontHaves = new HashSet<>();
    final Set<PeerId> askedHave = new HashSet<>();
    final Set<PeerId> askedBlock = new HashSet<>();
    /** Set under the lock when the block arrived; the future is completed after the lock is released. */
    volatile boolean done;
    PeerId assigned;
    /** Every peer connected when it was last scheduled has been asked (want-have or want-block). */
    boolean announced;
    /** When the want was last handed to a peer or announced (nanoTime). */
    long askedAt;
    long assignedAt;

    Want(Cid cid, long seq) {
        this.cid = cid;
        this.seq = seq;
        this.priority = (int) Math.max(1, Integer.MAX_VALUE - (seq & 0x3fff_ffffL));
    }

    boolean inScope(PeerId p) {
        return scope == null || scope.contains(p);
    }
}
