package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.Map;
import java.util.Optional;

/**
 * The set of pins: which CIDs are kept by garbage collection, recursively (the whole DAG) or directly (one block),
 * each with an optional name (Kubo's {@code pin add --name}). Thread-safe. Pins are keyed by the exact CID (a CIDv0
 * and its CIDv1 are different pins, as in Kubo's pin listing).
 *
 * <p>One pin per CID, the stronger type wins: adding RECURSIVE to a DIRECT pin upgrades it, adding DIRECT to a
 * RECURSIVE pin changes nothing (callers that want Kubo's "already pinned recursively" error check
 * {@link #pinType} first). Otherwise adding replaces the pin, name included, as Kubo's pinner does: pinning again
 * with another name (or none) renames it. {@link PinType#INDIRECT} is never stored: adding it is an
 * IllegalArgumentException, as is a name {@link PinEntry#checkName} refuses.
 *
 * <p>Changes are visible at once and durable after {@link #sync()}.
 */
public interface PinStore extends AutoCloseable {

    /** Pins {@code cid} with {@code type} (RECURSIVE or DIRECT), unnamed. */
    default void add(Cid cid, PinType type) {
        add(cid, type, "");
    }

    /** Pins {@code cid} with {@code type} (RECURSIVE or DIRECT) and {@code name} (empty: no name). */
    void add(Cid cid, PinType type, String name);

    /** Removes the pin of {@code cid} if it has exactly {@code type}; true when one was removed. */
    boolean remove(Cid cid, PinType type);

    /** A snapshot of every pin's type. */
    Map<Cid, PinType> list();

    /** A snapshot of every pin, with its name. */
    Map<Cid, PinEntry> entries();

    /** True when {@code cid} is pinned with exactly {@code type}. */
    default boolean isPinned(Cid cid, PinType type) {
        return pinType(cid).filter(t -> t == type).isPresent();
    }

    /** The type {@code cid} is pinned with, if any. */
    default Optional<PinType> pinType(Cid cid) {
        return entry(cid).map(PinEntry::type);
    }

    /** The pin of {@code cid}, if any. */
    Optional<PinEntry> entry(Cid cid);

    /** The durability barrier: when it returns, every add and remove that returned before it is durable. */
    void sync();

    /** Syncs and releases the store. */
    @Override
    void close();
}
