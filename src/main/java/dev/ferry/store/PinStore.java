package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.Map;
import java.util.Optional;

/**
 * The set of pins: which CIDs are kept by garbage collection, recursively (the whole DAG) or directly (one block).
 * Thread-safe. Pins are keyed by the exact CID (a CIDv0 and its CIDv1 are different pins, as in Kubo's pin listing).
 *
 * <p>One type per CID, the stronger wins: adding RECURSIVE to a DIRECT pin upgrades it, adding DIRECT to a
 * RECURSIVE pin changes nothing (callers that want Kubo's "already pinned recursively" error check
 * {@link #pinType} first). {@link PinType#INDIRECT} is never stored: adding it is an IllegalArgumentException.
 *
 * <p>Changes are visible at once and durable after {@link #sync()}.
 */
public interface PinStore extends AutoCloseable {

    /** Pins {@code cid} with {@code type} (RECURSIVE or DIRECT). */
    void add(Cid cid, PinType type);

    /** Removes the pin of {@code cid} if it has exactly {@code type}; true when one was removed. */
    boolean remove(Cid cid, PinType type);

    /** A snapshot of every pin. */
    Map<Cid, PinType> list();

    /** True when {@code cid} is pinned with exactly {@code type}. */
    boolean isPinned(Cid cid, PinType type);

    /** The type {@code cid} is pinned with, if any. */
    Optional<PinType> pinType(Cid cid);

    /** The durability barrier: when it returns, every add and remove that returned before it is durable. */
    void sync();

    /** Syncs and releases the store. */
    @Override
    void close();
}
