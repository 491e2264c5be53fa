package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Builds one file's DAG while streaming: only the chunk being written and the pending link lists are held.
 *
 * <p>Balanced (boxo balanced/builder.go, js {@code balanced()}): leaves in groups of maxLinks, each group under one
 * Type=File node, groups grouped again until one node is left; one chunk makes the leaf itself the root, an empty
 * file one empty leaf. Leaves are dag-pb Type=File (Kubo's historical choice) unless raw.
 *
 * <p>Trickle (boxo trickle/trickledag.go): a node takes up to maxLinks leaves, then for each depth d = 1, 2, ... (up
 * to its own depth limit, none at the root) four subtrees of depth d. As in go, leaves are Type=Raw when not raw
 * blocks, and the root always is an internal node (a one-chunk file has a root with one link).
 *
 * <p>Metadata (mode, mtime) goes on the root node only, as boxo writes it: on the single leaf of a one-chunk or empty
 * file (then a dag-pb node even with raw leaves), on the top internal node otherwise; never on other leaves or
 * internal nodes.
 */
final class FileBuilder {
    private static final int LAYER_REPEAT = 4;

    private final BlockWriter writer;
    private final ImportOptions options;

    FileBuilder(BlockWriter writer, ImportOptions options) {
        this.writer = writer;
        this.options = options;
    }

    DagRef build(InputStream in, LongConsumer progress) throws IOException {
        return build(in, progress, UnixfsMetadata.NONE);
    }

    /** Builds a file's DAG from a stream, with {@code meta} on its root. */
    DagRef build(InputStream in, LongConsumer progress, UnixfsMetadata meta) throws IOException {
        Chunker chunks = Chunker.open(options.chunker(), in, progress);
        return options.trickle() ? trickle(chunks, -1, meta) : balanced(List.of(), chunks, meta);
    }

    /**
     * Builds a file's DAG from a file (read from its start to its end, not closed). In the balanced layout each hashing
     * thread reads its own chunk at the chunk's offset, straight into the leaf block's array, so reading is spread
     * over the cores like hashing and a chunk is never copied; the trickle layout and the content-defined chunkers
     * (whose cuts depend on the bytes before them) read in order, the balanced layout still hashing their leaves on the
     * hashing threads.
     */
    DagRef build(FileChannel file, LongConsumer progress) throws IOException {
        return build(file, progress, UnixfsMetadata.NONE);
    }

    /**
     * As {@link #build(FileChannel, LongConsumer)}, with {@code meta} on the root. With metadata the file is read in
     * order (the root leaf of a one-chunk file needs its chunk back to carry it).
     */
    DagRef build(FileChannel file, LongConsumer progress, UnixfsMetadata meta) throws IOException {
        if (options.trickle() || !meta.isEmpty() || !(options.chunker() instanceof ChunkerSpec.Fixed)) {
            return build(Channels.newInputStream(file), progress, meta);
        }
        int size = options.chunkSize();
        int max = options.maxLinks();
        List<List<DagRef>> levels = new ArrayList<>();
        levels.add(new ArrayList<>(max));
        long leaves = 0;
        long limit = file.size();
        // a file of one chunk is read here: handing it to a hashing thread would only cost time
        boolean parallel = limit > size;
        java.util.ArrayDeque<java.util.concurrent.Future<ReadLeaf>> inFlight = new java.util.ArrayDeque<>();
        try {
            long next = 0;
            boolean end = false;
            while (true) {
                while (parallel && !end && inFlight.size() <= IN_FLIGHT && next < limit) {
                    long at = next;
                    inFlight.add(hashers().submit(() -> leafAt(file, at)));
                    next += size;
                }
                ReadLeaf leaf;
                if (!inFlight.isEmpty()) {
                    leaf = join(inFlight.poll());
                } else if (end) {
                    break;
                } else { // past the size seen at the start (a file that grew), or a single chunk: read in order here
                    leaf = leafAt(file, next);
                    next += size;
                }
                // a chunk after a short one is dropped (only a file that shrank during the import has any)
                if (end || leaf == null) {
                    end = true;
                    continue;
                }
                progress.accept(leaf.length());
                addLeaf(levels, leaf.ref(), max);
                leaves++;
                end = leaf.length() < size;
            }
        } finally {
            inFlight.forEach(f -> f.cancel(false));
        }
        return leaves == 0 ? leaf(new byte[0], UnixfsType.FILE) : closeLevels(levels, max, UnixfsMetadata.NONE);
    }

    /** One chunk read and hashed by a hashing thread: its leaf and how many bytes of the file it holds. */
    private record ReadLeaf(DagRef ref, int length) {
    }

    /**
     * The leaf of the chunk at {@code position}, or null past the end of the file. The array is sized to what is left
     * of the file (a small file does not cost a whole chunk's array, zeroed), and a dag-pb leaf is framed in place.
     */
    private ReadLeaf leafAt(FileChannel file, long position) throws IOException {
        long left = file.size() - position;
        if (left <= 0) {
            return null;
        }
        int want = (int) Math.min(options.chunkSize(), left);
        if (options.rawLeaves()) {
            byte[] chunk = new byte[want];
            int n = readAt(file, chunk, 0, want, position);
            if (n == 0) {
                return null;
            }
            return new ReadLeaf(leaf(n < want ? java.util.Arrays.copyOf(chunk, n) : chunk, UnixfsType.FILE), n);
        }
        int head = leafHeaderSize(want);
        byte[] block = new byte[head + want + leafTrailerSize(want)];
        int n = readAt(file, block, head, want, position);
        if (n == 0) {
            return null;
        }
        if (n < want) { // the file shrank meanwhile: a shorter frame
            return new ReadLeaf(leaf(java.util.Arrays.copyOfRange(block, head, head + n), UnixfsType.FILE), n);
        }
        writeLeafFrame(block, want, UnixfsType.FILE);
        BlockWriter.Written w = writer.putPbBytes(block);
        return new ReadLeaf(new DagRef(w.cid(), w.size(), want), want);
    }

    /** Reads up to {@code len} bytes at {@code position}; fewer only at the end of the file. */
    private static int readAt(FileChannel file, byte[] into, int off, int len, long position) throws IOException {
        int got = 0;
        while (got < len) {
            int r = file.read(java.nio.ByteBuffer.wrap(into, off + got, len - got), position + got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return got;
    }

    /**
     * A balanced DAG whose first leaves are already stored (each exactly one fixed-size chunk, in this import's leaf
     * format):
     * they are linked as they are, and the stream holds the content after them.
     */
    DagRef buildAfter(List<DagRef> storedLeaves, InputStream in, LongConsumer progress) throws IOException {
        if (options.trickle() && !storedLeaves.isEmpty()) {
            throw new IllegalArgumentException("stored leaves are reused only in the balanced layout");
        }
        if (!(options.chunker() instanceof ChunkerSpec.Fixed) && !storedLeaves.isEmpty()) {
            throw new IllegalArgumentException("stored leaves are reused only with fixed-size chunks");
        }
        Chunker chunks = Chunker.open(options.chunker(), in, progress);
        return options.trickle() ? trickle(chunks, -1, UnixfsMetadata.NONE)
                : balanced(storedLeaves, chunks, UnixfsMetadata.NONE);
    }

    private DagRef balanced(List<DagRef> storedLeaves, Chunker chunks, UnixfsMetadata meta) throws IOException {
        int max = options.maxLinks();
        List<List<DagRef>> levels = new ArrayList<>();
        levels.add(new ArrayList<>(max));
        if (storedLeaves.isEmpty()) {
            byte[] first = chunks.next();
            if (first == null) {
                return leaf(new byte[0], UnixfsType.FILE, meta);
            }
            if (chunks.done()) { // one chunk: the leaf is the root
                return leaf(first, UnixfsType.FILE, meta);
            }
            DagRef firstLeaf = leaf(first, UnixfsType.FILE);
            first = null; // let the chunk go
            levels.get(0).add(firstLeaf);
        } else {
            for (DagRef leaf : storedLeaves) {
                addLeaf(levels, leaf, max);
            }
        }
        // leaves are hashed on the hashing threads, a few ahead of the reader; refs are taken in file order
        java.util.ArrayDeque<java.util.concurrent.Future<DagRef>> inFlight = new java.util.ArrayDeque<>();
        try {
            byte[] c;
            while ((c = chunks.next()) != null) {
                byte[] chunk = c;
                inFlight.add(hashers().submit(() -> leaf(chunk, UnixfsType.FILE)));
                if (inFlight.size() > IN_FLIGHT) {
                    addLeaf(levels, join(inFlight.poll()), max);
                }
            }
            while (!inFlight.isEmpty()) {
                addLeaf(levels, join(inFlight.poll()), max);
            }
        } finally {
            inFlight.forEach(f -> f.cancel(false));
        }
        return closeLevels(levels, max, meta);
    }

    /**
     * Closes the pending groups bottom up; the top level's single node is the root. Full groups are only promoted
     * when a further node arrives (see {@link #addLeaf}), so the root is always written here, with {@code meta},
     * except for a single leaf (which the callers give its metadata themselves).
     */
    private DagRef closeLevels(List<List<DagRef>> levels, int max, UnixfsMetadata meta) {
        for (int i = 0; ; i++) {
            List<DagRef> level = levels.get(i);
            boolean top = i == levels.size() - 1;
            if (top && level.size() == 1) {
                return level.get(0);
            }
            if (!level.isEmpty()) {
                DagRef node = parent(level, top ? meta : UnixfsMetadata.NONE);
                level.clear();
                if (top) {
                    levels.add(new ArrayList<>(max));
                }
                addAt(levels, i + 1, node, max);
            }
        }
    }

    /** Leaves being hashed at once: enough to keep every core busy, few enough to keep memory small. */
    private static final int IN_FLIGHT = 4;
    private java.util.concurrent.ExecutorService hashers;

    private java.util.concurrent.ExecutorService hashers() {
        if (hashers == null) {
            // when blocks are stored, one core is left to the block writer thread
            int cores = Runtime.getRuntime().availableProcessors();
            int n = Math.max(1, options.onlyHash() ? cores : cores - 1);
            hashers = java.util.concurrent.Executors.newFixedThreadPool(n,
                    Thread.ofPlatform().daemon().name("unixfs-hash-", 0).factory());
        }
        return hashers;
    }

    /** Stops the hashing threads; the builder starts new ones if it is used again. */
    void close() {
        if (hashers != null) {
            hashers.shutdownNow();
            hashers = null;
        }
    }

    private void addLeaf(List<List<DagRef>> levels, DagRef leaf, int max) {
        addAt(levels, 0, leaf, max);
    }

    /**
     * Adds a node at level {@code i}. A full group becomes one node a level up when the next node arrives (not as soon
     * as it is full), so at most one full group per level is held and the root is only written by
     * {@link #closeLevels}, which knows it is the root.
     */
    private void addAt(List<List<DagRef>> levels, int i, DagRef node, int max) {
        List<DagRef> level = levels.get(i);
        if (level.size() == max) {
            DagRef group = parent(level, UnixfsMetadata.NONE);
            level.clear();
            if (i + 1 == levels.size()) {
                levels.add(new ArrayList<>(max));
            }
            addAt(levels, i + 1, group, max);
        }
        level.add(node);
    }

    private static <T> T join(java.util.concurrent.Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while hashing");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** A trickle subtree; {@code maxDepth} -1 is the root, which alone carries {@code meta}. */
    private DagRef trickle(Chunker chunks, int maxDepth, UnixfsMetadata meta) throws IOException {
        List<DagRef> children = new ArrayList<>();
        while (children.size() < options.maxLinks() && !chunks.done()) {
            children.add(leaf(chunks.next(), UnixfsType.RAW));
        }
        for (int depth = 1; maxDepth == -1 || depth < maxDepth; depth++) {
            if (chunks.done()) {
                break;
            }
            for (int r = 0; r < LAYER_REPEAT && !chunks.done(); r++) {
                children.add(trickle(chunks, depth, UnixfsMetadata.NONE));
            }
        }
        return parent(children, meta);
    }

    private DagRef leaf(byte[] chunk, UnixfsType leafType) {
        return leaf(chunk, leafType, UnixfsMetadata.NONE);
    }

    /**
     * A leaf; with metadata (the root leaf of a one-chunk or empty file) always a dag-pb node, since a raw block has
     * nowhere to hold it.
     */
    private DagRef leaf(byte[] chunk, UnixfsType leafType, UnixfsMetadata meta) {
        if (!meta.isEmpty()) {
            UnixfsData d = meta.applyTo(UnixfsData.fileLeaf(chunk));
            BlockWriter.Written w = writer.putPb(PbNode.ofData(UnixfsDataCodec.encode(d)));
            return new DagRef(w.cid(), w.size(), chunk.length);
        }
        if (options.rawLeaves()) {
            return new DagRef(writer.putRaw(chunk), chunk.length, chunk.length);
        }
        if (chunk.length > 0) {
            BlockWriter.Written w = writer.putPbBytes(leafBytes(chunk, leafType));
            return new DagRef(w.cid(), w.size(), chunk.length);
        }
        UnixfsData d = leafType == UnixfsType.RAW ? UnixfsData.rawLeaf(chunk) : UnixfsData.fileLeaf(chunk);
        BlockWriter.Written w = writer.putPb(PbNode.ofData(UnixfsDataCodec.encode(d)));
        return new DagRef(w.cid(), w.size(), chunk.length);
    }

    /**
     * The dag-pb leaf {@code PBNode{Data = UnixFS{Type, Data = chunk, filesize = len}}} written in one pass: the
     * same bytes as encoding through {@link UnixfsDataCodec} and {@link dev.ferry.dag.pb.PbCodec}, without their
     * intermediate copies of the chunk (the importer's hot path).
     */
    static byte[] leafBytes(byte[] chunk, UnixfsType type) {
        int n = chunk.length;
        int head = leafHeaderSize(n);
        byte[] out = new byte[head + n + leafTrailerSize(n)];
        System.arraycopy(chunk, 0, out, head, n);
        writeLeafFrame(out, n, type);
        return out;
    }

    /** Bytes of a leaf block before its {@code n} data bytes. */
    static int leafHeaderSize(int n) {
        int inner = 2 + 1 + varintSize(n) + n + leafTrailerSize(n);
        return 1 + varintSize(inner) + 2 + 1 + varintSize(n);
    }

    /** Bytes of a leaf block after its {@code n} data bytes. */
    static int leafTrailerSize(int n) {
        return 1 + varintSize(n);
    }

    /** Writes a leaf's frame around its {@code n} data bytes, which are already in place after the header. */
    static void writeLeafFrame(byte[] out, int n, UnixfsType type) {
        int inner = 2 + 1 + varintSize(n) + n + leafTrailerSize(n);
        int p = 0;
        out[p++] = 0x0a; // PBNode.Data, length-delimited
        p = putVarint(out, p, inner);
        out[p++] = 0x08; // UnixFS.Type
        out[p++] = (byte) type.code();
        out[p++] = 0x12; // UnixFS.Data
        p = putVarint(out, p, n);
        p += n;
        out[p++] = 0x18; // UnixFS.filesize
        putVarint(out, p, n);
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] out, int p, long v) {
        while ((v & ~0x7fL) != 0) {
            out[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /** An internal Type=File node: links with empty names ({@code 12 00}), Tsize, blocksizes, and {@code meta}. */
    private DagRef parent(List<DagRef> children, UnixfsMetadata meta) {
        List<PbLink> links = new ArrayList<>(children.size());
        List<Long> blocksizes = new ArrayList<>(children.size());
        long tsizes = 0;
        for (DagRef c : children) {
            links.add(PbLink.of(c.cid(), "", c.tsize()));
            blocksizes.add(c.fileSize());
            tsizes = Math.addExact(tsizes, c.tsize());
        }
        UnixfsData d = meta.applyTo(UnixfsData.fileNode(blocksizes));
        BlockWriter.Written w = writer.putPb(new PbNode(links, UnixfsDataCodec.encode(d)));
        return new DagRef(w.cid(), w.size() + tsizes, d.filesize());
    }
}
