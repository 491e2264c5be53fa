package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A content-addressed block store. Implementations are thread-safe.
 *
 * <p>Blocks are keyed by MULTIHASH, as Kubo does: the CIDv0 and CIDv1 (any codec) of the same multihash name the same
 * stored bytes, {@link #get} answers a block under the CID asked for, and {@link #cids()} reports every key as a
 * CIDv1 raw (as Kubo's {@code refs local}), so callers compare listed keys by {@link Cid#multihash()}.
 *
 * <p>Identity CIDs are never stored: {@code has} is true, {@code get} answers the digest, {@code size} its length,
 * {@code put} and {@code delete} do nothing, {@code cids()} does not list them.
 *
 * <p>Failures are unchecked: {@link StoreException} for I/O, {@link InvalidBlockException} when stored bytes no longer
 * match their key. Nulls are refused.
 */
public interface Blockstore extends AutoCloseable {

    /** True when the block is stored (or the CID is an identity CID). */
    boolean has(Cid cid);

    /** The block under {@code cid}, verified; InvalidBlockException when the stored bytes are corrupt. */
    Optional<Block> get(Cid cid);

    /**
     * The bytes stored under {@code cid}, to send to a peer, which hashes them itself before it stores or returns
     * them: a store may skip its own hash check here, as the file store does (Kubo serves its store the same way).
     * Never hand these bytes to anything local; that is what {@link #get} is for.
     */
    default Optional<byte[]> bytesForPeer(Cid cid) {
        return get(cid).map(Block::data);
    }

    /** Size in bytes of the stored block, without reading it. */
    OptionalInt size(Cid cid);

    /** Stores the block (a no-op when present). Crash-safe, but durable only after the next {@link #sync()}. */
    void put(Block block);

    /**
     * Stores a block received from another node for a fetch: the same guarantees as {@link #put}. Its reader has
     * usually had it already when it is written, so a store may keep it out of memory once it is durable (the file
     * store drops such blocks from the page cache beyond {@link FileBlockstoreConfig#writeCacheBytes()}); what is
     * imported locally is what a node offers to others, and stays cached as the kernel decides.
     */
    default void putReceived(Block block) {
        put(block);
    }

    /** Stores every block; same durability as {@link #put}. */
    default void putAll(Iterable<Block> blocks) {
        for (Block b : blocks) {
            put(b);
        }
    }

    /** Removes the block; true when it was there. Durable after the next {@link #sync()}. */
    boolean delete(Cid cid);

    /** Every stored key as a CIDv1 raw, lazily; the caller must close the stream. Order unspecified. */
    Stream<Cid> cids();

    /** The durability barrier: when it returns, every put and delete that returned before the call is durable. */
    void sync();

    /** Syncs, then releases the store; later calls throw StoreException. */
    @Override
    void close();
}
