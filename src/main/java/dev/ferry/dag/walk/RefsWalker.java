package dev.ferry.dag.walk;

import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The links of DAGs as Kubo's {@code ipfs refs} writes them: depth-first, children in link order, one line per link
 * from the format's tokens ({@code <src>}, {@code <dst>}, {@code <linkname>}). Kubo's pruning is kept exactly: with a
 * maximum depth, links at that depth are written but not followed; with {@code unique}, a CID is written once, and a
 * branch already walked is not walked again unless it is now met higher up (so that a depth limit still reaches as
 * deep as it should). The unique set spans every root written by one walker, as in Kubo.
 *
 * <p>Every block written is read first (Kubo fetches each ref it prints), so a missing child stops the root with a
 * {@link MissingBlockException} (or whatever the store throws when it fetches); a block whose links cannot be read
 * is a {@link LinkDecodeException}. Link names are dag-pb's; dag-cbor and dag-json links have none (Kubo prints ""
 * for them too). One walker serves one request, from one thread.
 */
public final class RefsWalker {
    /** Kubo's default format: the target CID. */
    public static final String DEFAULT_FORMAT = "<dst>";
    /** The format {@code edges} stands for. */
    public static final String EDGES_FORMAT = "<src> -> <dst>";

    /** Where the lines go, as they are made. */
    @FunctionalInterface
    public interface Sink {
        void ref(String line) throws IOException;
    }

    private final Blockstore store;
    private final boolean unique;
    private final int maxDepth;
    private final String format;
    private final CidEncoder enc;
    private final Map<Cid, Integer> seen = new HashMap<>();

    /**
     * @param maxDepth how deep links are followed: the root's links are depth 1; negative for no limit
     * @param format   the line for each link; an empty format writes the target CID
     */
    public RefsWalker(Blockstore store, boolean unique, int maxDepth, String format) {
        this(store, unique, maxDepth, format, CidEncoder.DEFAULT);
    }

    /** @param enc how the CIDs in the lines are written (Kubo's {@code --cid-base}) */
    public RefsWalker(Blockstore store, boolean unique, int maxDepth, String format, CidEncoder enc) {
        this.store = Objects.requireNonNull(store, "store");
        this.unique = unique;
        this.maxDepth = maxDepth;
        this.format = Objects.requireNonNull(format, "format");
        this.enc = Objects.requireNonNull(enc, "enc");
    }

    /**
     * A walker for Kubo's {@code refs} options: without {@code recursive} only the root's own links (depth 1, whatever
     * {@code maxDepth} says); {@code edges} means {@link #EDGES_FORMAT} and may not be combined with another format.
     *
     * @throws IllegalArgumentException for {@code edges} with a format other than the default
     */
    public static RefsWalker of(Blockstore store, boolean recursive, boolean unique, boolean edges, String format,
            int maxDepth) {
        return of(store, recursive, unique, edges, format, maxDepth, CidEncoder.DEFAULT);
    }

    /** As {@link #of(Blockstore, boolean, boolean, boolean, String, int)}, the CIDs written by {@code enc}. */
    public static RefsWalker of(Blockstore store, boolean recursive, boolean unique, boolean edges, String format,
            int maxDepth, CidEncoder enc) {
        String f = format;
        if (edges) {
            if (!f.equals(DEFAULT_FORMAT)) {
                throw new IllegalArgumentException("using format argument with edges is not allowed");
            }
            f = EDGES_FORMAT;
        }
        return new RefsWalker(store, unique, recursive ? maxDepth : 1, f, enc);
    }

    /** One link met on the way: its source, target and name ("" when it has none). */
    private record Link(Cid src, Cid dst, String name) {}

    /** A block being walked: its links and how far through them the walk is. */
    private static final class Frame {
        final List<Link> links;
        final int depth;
        int next;

        Frame(List<Link> links, int depth) {
            this.links = links;
            this.depth = depth;
        }
    }

    /** Writes the refs below {@code root}; returns how many lines were written. */
    public long write(Cid root, Sink sink) throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(links(block(root)), 0));
        long count = 0;
        // an explicit stack: Kubo recurses, but a deep DAG must not overflow this thread's stack
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next == f.links.size()) {
                stack.pop();
                continue;
            }
            Link l = f.links.get(f.next++);
            int depth = f.depth + 1;
            Visit v = visit(l.dst(), depth);
            if (!v.write() && !v.deeper()) {
                continue;
            }
            Block child = block(l.dst());
            if (v.write()) {
                sink.ref(line(l));
                count++;
            }
            if (v.deeper()) {
                stack.push(new Frame(links(child), depth));
            }
        }
        return count;
    }

    private record Visit(boolean deeper, boolean write) {}

    /** Kubo's RefWriter.visit: whether to walk below a link at {@code depth}, and whether to write it. */
    private Visit visit(Cid c, int depth) {
        boolean atMax = maxDepth >= 0 && depth == maxDepth;
        if (maxDepth >= 0 && depth > maxDepth) {
            return new Visit(false, false);
        }
        if (!unique) {
            return new Visit(!atMax, true);
        }
        Integer old = seen.get(c);
        if (old != null && (maxDepth < 0 || old <= depth)) {
            return new Visit(false, false);
        }
        // not seen, or seen deeper than now: walk it again from here, but write it only the first time
        seen.put(c, depth);
        return new Visit(!atMax, old == null);
    }

    private String line(Link l) {
        if (format.isEmpty()) {
            return enc.encode(l.dst());
        }
        // replaced in this order, as Kubo does: a link name is never itself read for tokens
        return format.replace("<src>", enc.encode(l.src())).replace("<dst>", enc.encode(l.dst()))
                .replace("<linkname>", l.name());
    }

    private Block block(Cid cid) {
        return store.get(cid).orElseThrow(() -> new MissingBlockException(cid));
    }

    private static List<Link> links(Block b) {
        Cid src = b.cid();
        List<Link> out = new ArrayList<>();
        if (src.codec() == Multicodec.DAG_PB.code()) {
            try {
                for (PbLink l : PbCodec.links(b.data())) {
                    out.add(new Link(src, l.hash(), l.name() == null ? "" : l.name()));
                }
            } catch (DagPbException e) {
                throw new LinkDecodeException(src, "block " + src + " does not decode: " + e.getMessage(), e);
            }
            return out;
        }
        for (Cid c : Links.of(b)) {
            out.add(new Link(src, c, ""));
        }
        return out;
    }
}
