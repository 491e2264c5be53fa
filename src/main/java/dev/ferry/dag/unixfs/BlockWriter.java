package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;

/**
 * Hashes and (unless only hashing) stores the blocks an import makes, all with one hash function (sha2-256 takes its
 * own fast path). With an inline limit, a block of at most that many bytes gets an identity CIDv1 of its codec
 * instead, whatever the CID version and function (Kubo's inline builder): nothing is stored for it.
 */
final class BlockWriter {
    private final Blockstore store; // null: only hash
    private final int cidVersion;
    private final HashFunction hashFunction;
    private final int inlineLimit; // 0: none
    private static final int QUEUE = 8;
    private final java.util.concurrent.ArrayBlockingQueue<Object> queue = new java.util.concurrent.ArrayBlockingQueue<>(QUEUE);
    private final java.util.concurrent.locks.ReentrantLock startLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile Thread writerThread; // leaves are put from the hashing threads
    private volatile RuntimeException failure;

    BlockWriter(Blockstore store, int cidVersion) {
        this(store, cidVersion, HashFunction.SHA2_256);
    }

    BlockWriter(Blockstore store, int cidVersion, HashFunction hashFunction) {
        this(store, cidVersion, hashFunction, 0);
    }

    BlockWriter(Blockstore store, int cidVersion, HashFunction hashFunction, int inlineLimit) {
        this.store = store;
        this.cidVersion = cidVersion;
        this.hashFunction = java.util.Objects.requireNonNull(hashFunction, "hashFunction");
        ImportOptions.checkInlineLimit(inlineLimit);
        this.inlineLimit = inlineLimit;
    }

    /** Writes a dag-pb node under the configured CID version; returns its CID and encoded size. */
    Written putPb(PbNode node) {
        byte[] bytes = PbCodec.encode(node);
        return new Written(put(cidVersion, Multicodec.DAG_PB.code(), bytes), bytes.length);
    }

    /** Writes bytes that are already an encoded dag-pb node. */
    Written putPbBytes(byte[] bytes) {
        return new Written(put(cidVersion, Multicodec.DAG_PB.code(), bytes), bytes.length);
    }

    /** Writes a raw block (always CIDv1, as Kubo does even with --cid-version=0). */
    Cid putRaw(byte[] bytes) {
        return put(1, Multicodec.RAW.code(), bytes);
    }

    /**
     * Hashes once (the block's CID is computed from its bytes, so it needs no second verification) and hands the
     * block to the writer thread, so that hashing the next chunk overlaps writing this one. At most
     * {@link #QUEUE} blocks wait, which bounds memory.
     */
    private Cid put(int version, long codec, byte[] bytes) {
        if (inlineLimit > 0 && bytes.length <= inlineLimit) {
            return Cid.of(1, codec, HashFunction.IDENTITY, bytes); // the store keeps no identity block
        }
        if (store == null) {
            return Cid.of(version, codec, hashFunction, bytes);
        }
        Block b = Block.create(version, codec, hashFunction, bytes);
        checkFailure();
        startLock.lock();
        try {
            if (writerThread == null) {
                writerThread = Thread.ofPlatform().daemon().name("unixfs-block-writer").start(this::writeLoop);
            }
        } finally {
            startLock.unlock();
        }
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnixfsException("interrupted while storing blocks");
        }
        return b.cid();
    }

    /** Waits until every block handed over so far is in the store; rethrows the store's failure, if any. */
    void drain() {
        if (writerThread == null) {
            return;
        }
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            queue.put(done);
            done.await();
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnixfsException("interrupted while storing blocks");
        } finally {
            writerThread = null;
        }
        checkFailure();
    }

    private void writeLoop() {
        while (true) {
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (o instanceof java.util.concurrent.CountDownLatch done) {
                done.countDown();
                return;
            }
            if (failure == null) {
                try {
                    store.put((Block) o);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
        }
    }

    private void checkFailure() {
        RuntimeException f = failure;
        if (f != null) {
            failure = null;
            throw f;
        }
    }

    record Written(Cid cid, int size) {
    }
}
