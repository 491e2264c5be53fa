package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbLink;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The leading leaves of a stored file that an import of new content starting with the same bytes would make again:
 * whole chunks, in the import's own leaf format (raw blocks, or dag-pb Type=File leaves of its CID version), in file
 * order. Linking them instead of reading and hashing them again makes a write near the end of a large file cost the
 * end, not the file; the DAG is still exactly the one a whole import gives (with fixed-size chunks, leaf i is chunk i).
 *
 * <p>Only the file's internal nodes are read (verified). A dag-pb leaf is recognised by its link's sizes and its stored
 * frame, read without hashing: its CID names its content whatever the local copy holds, so linking it cannot bring
 * wrong bytes into the new DAG. The walk stops at the first leaf that does not qualify (another chunk size or leaf
 * type, as in trickle DAGs or files from other importers); what follows is imported from the bytes.
 */
public final class FilePrefix {
    private static final FilePrefix NONE = new FilePrefix(List.of(), 0);

    final List<DagRef> leaves;
    private final long bytes;

    private FilePrefix(List<DagRef> leaves, long bytes) {
        this.leaves = List.copyOf(leaves);
        this.bytes = bytes;
    }

    /** No reused leaves: the whole content comes from the stream. */
    public static FilePrefix none() {
        return NONE;
    }

    /** The file bytes the reused leaves hold (a multiple of the chunk size). */
    public long bytes() {
        return bytes;
    }

    /** How many leaves are reused. */
    public int leafCount() {
        return leaves.size();
    }

    /**
     * The reusable leaves of {@code file} that lie wholly within its first {@code upTo} bytes, for an import with
     * {@code options}; none for the trickle layout, nor for a content-defined chunker (rabin, buzhash), whose cuts
     * after a change may move.
     */
    public static FilePrefix of(Blockstore store, Cid file, ImportOptions options, long upTo) {
        if (options.trickle() || !(options.chunker() instanceof ChunkerSpec.Fixed) || upTo < options.chunkSize()) {
            return NONE;
        }
        Walk w = new Walk(store, options, upTo / options.chunkSize());
        UnixfsNode root = new NodeLoader(store).load(file);
        if (root.type() == UnixfsType.FILE && root.pb() != null && !root.pb().links().isEmpty()) {
            w.node(root, 0);
        } else if (root.type() == UnixfsType.FILE || root.type() == UnixfsType.RAW) {
            w.child(file, root.contentSize(), root.raw().length, 0); // a one-leaf file
        }
        return w.out.isEmpty() ? NONE : new FilePrefix(w.out, (long) w.out.size() * options.chunkSize());
    }

    private static final class Walk {
        /** Deeper than any balanced file DAG gets (174^8 chunks). */
        private static final int MAX_DEPTH = 32;

        final Blockstore store;
        final ImportOptions options;
        final long wanted;
        final List<DagRef> out = new ArrayList<>();
        final byte[] frame;

        Walk(Blockstore store, ImportOptions options, long wanted) {
            this.store = store;
            this.options = options;
            this.wanted = wanted;
            int c = options.chunkSize();
            this.frame = new byte[FileBuilder.leafHeaderSize(c) + c + FileBuilder.leafTrailerSize(c)];
            FileBuilder.writeLeafFrame(frame, c, UnixfsType.FILE);
        }

        /** Takes the children of an internal file node; false once the prefix ends. */
        boolean node(UnixfsNode n, int depth) {
            if (depth > MAX_DEPTH || n.data() == null || n.data().type() != UnixfsType.FILE
                    || n.data().blocksizes().size() != n.pb().links().size()) {
                return false;
            }
            List<PbLink> links = n.pb().links();
            for (int i = 0; i < links.size(); i++) {
                PbLink l = links.get(i);
                if (!child(l.hash(), n.data().blocksizes().get(i), l.tsize() == null ? -1 : l.tsize(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }

        /** Takes one child: a qualifying leaf, or the leaves below an internal node; false once the prefix ends. */
        boolean child(Cid cid, long contentSize, long tsize, int depth) {
            if (out.size() >= wanted) {
                return false;
            }
            int c = options.chunkSize();
            if (contentSize == c && isLeaf(cid, tsize)) {
                out.add(new DagRef(cid, tsize, c));
                return true;
            }
            if (cid.codec() != Multicodec.DAG_PB.code() || contentSize <= c) {
                return false;
            }
            UnixfsNode n = new NodeLoader(store).load(cid);
            return n.pb() != null && !n.pb().links().isEmpty() && node(n, depth);
        }

        private boolean isLeaf(Cid cid, long tsize) {
            int c = options.chunkSize();
            if (!options.hashFunction().hashes(cid)) {
                return false; // a leaf hashed otherwise: its CID is not the one this import makes
            }
            if (options.rawLeaves()) {
                return cid.codec() == Multicodec.RAW.code() && cid.version() == 1 && tsize == c;
            }
            if (cid.codec() != Multicodec.DAG_PB.code() || cid.version() != options.cidVersion()
                    || tsize != frame.length) {
                return false;
            }
            Optional<byte[]> stored = store.bytesForPeer(cid);
            if (stored.isEmpty() || stored.get().length != frame.length) {
                return false;
            }
            byte[] b = stored.get();
            int head = FileBuilder.leafHeaderSize(c);
            return Arrays.equals(b, 0, head, frame, 0, head)
                    && Arrays.equals(b, head + c, b.length, frame, head + c, frame.length);
        }
    }
}
