package dev.ferry.api.gateway;

import dev.ferry.dag.car.CarWriter;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the CAR of a trustless request: the blocks that resolve the path, then the blocks the dag-scope asks for,
 * depth-first in link order. With {@code dups=n} each block is written once. Blocks are read one at a time from the
 * store (so from the network when the store is a fetch session's): a missing one throws mid-stream, and the caller
 * truncates the response. Identity CIDs are never written (CarWriter drops them). Not thread-safe.
 */
final class CarStreamer {
    /** Deepest file or HAMT walked. */
    static final int MAX_DEPTH = 256;
    /**
     * Repeats written with {@code dups=y} before the response is cut: a small crafted DAG can link one subtree
     * exponentially many times.
     */
    static final long MAX_REPEATS = 1_000_000;

    private final Blockstore store;
    private final boolean dups;
    private final Set<Cid> written = new HashSet<>();
    /** File subtrees already written whole: met again (a DAG may link one subtree many times), they are skipped. */
    private final Set<Cid> complete = new HashSet<>();
    private CarWriter writer;
    private long repeats;

    CarStreamer(Blockstore store, boolean dups) {
        this.store = store;
        this.dups = dups;
    }

    /**
     * @param root       the CAR header's root (the content root of the request)
     * @param pathBlocks the blocks that resolve the path
     * @param terminal   the block at the end of the path
     * @param span       for entity-bytes on a file: the byte span to cover; null for the whole entity
     * @param emptySpan  entity-bytes selected nothing: only the terminal block is written
     */
    void write(OutputStream out, Cid root, List<Block> pathBlocks, Block terminal, DagScope scope,
            EntityBytes.Span span, boolean emptySpan) throws IOException {
        writer = CarWriter.open(out, List.of(root));
        for (Block b : pathBlocks) {
            emit(b);
        }
        DagNode node = DagNode.of(terminal);
        if (emptySpan) {
            emit(terminal);
        } else {
            switch (scope) {
                case BLOCK -> emit(terminal);
                case ALL -> all(terminal);
                case ENTITY -> {
                    if (node.isFile()) {
                        file(node, 0, span, 0);
                    } else if (node.isShard()) {
                        shard(node, 0);
                    } else {
                        emit(terminal);
                    }
                }
            }
        }
        writer.close();
    }

    private boolean emit(Block b) throws IOException {
        if (!written.add(b.cid())) {
            if (!dups) {
                return false;
            }
            if (++repeats > MAX_REPEATS) {
                throw new IllegalStateException("more than " + MAX_REPEATS + " repeated blocks: response cut");
            }
        }
        writer.write(b);
        return true;
    }

    /** The whole DAG, pre-order, children in link order; with dups=n a block seen before is not walked again. */
    private void all(Block top) throws IOException {
        Deque<Cid> stack = new ArrayDeque<>();
        if (!dups && written.contains(top.cid())) {
            return;
        }
        Block block = top;
        while (true) {
            if (emit(block) || dups) {
                List<Cid> links = Links.of(block);
                for (int i = links.size() - 1; i >= 0; i--) {
                    stack.push(links.get(i));
                }
            }
            Cid next = null;
            while (!stack.isEmpty()) {
                Cid c = stack.pop();
                if (dups || !written.contains(c)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return;
            }
            block = DagNode.load(store, next);
        }
    }

    /**
     * The blocks of a UnixFS file that hold bytes of {@code span} (all of them when null): a child is walked only
     * when the bytes its blocksizes entry covers meet the span, so a range needs just its own leaves and their
     * ancestors.
     */
    private void file(DagNode node, long offset, EntityBytes.Span span, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("file DAG deeper than " + MAX_DEPTH);
        }
        long size = GatewayHandler.fileSize(node);
        boolean whole = span == null || (offset >= span.first() && offset + size - 1 <= span.last());
        if (whole && !dups && complete.contains(node.cid())) {
            return;
        }
        emit(node.block());
        if (node.isRawLeaf() || node.pb() == null || node.data() == null) {
            return;
        }
        List<PbLink> links = node.pb().links();
        List<Long> sizes = node.data().blocksizes();
        long pos = offset + node.data().inlineLength();
        for (int i = 0; i < links.size(); i++) {
            long childSize = i < sizes.size() ? sizes.get(i) : 0;
            boolean wanted = span == null
                    || (childSize > 0 && pos <= span.last() && pos + childSize - 1 >= span.first());
            if (wanted) {
                file(DagNode.of(DagNode.load(store, links.get(i).hash())), pos, span, depth + 1);
            }
            pos += childSize;
            if (span != null && pos > span.last()) {
                break;
            }
        }
        if (whole) {
            complete.add(node.cid());
        }
    }

    /** A HAMT directory's own blocks: the shard and its sub-shards, none of the entries. */
    private void shard(DagNode node, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("HAMT deeper than " + MAX_DEPTH);
        }
        if (!emit(node.block()) && !dups) {
            return; // a sub-shard linked twice: its blocks are out already
        }
        int pad = node.shardPrefixLength();
        for (PbLink l : node.pb().links()) {
            if (l.name() != null && l.name().length() == pad) {
                shard(DagNode.of(DagNode.load(store, l.hash())), depth + 1);
            }
        }
    }
}
