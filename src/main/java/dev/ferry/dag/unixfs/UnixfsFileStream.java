package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbNode;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads a byte range of a UnixFS file lazily: a depth-first walk that uses blocksizes to skip whole subtrees before
 * the offset (their blocks are never fetched) and stops fetching once the length is served. Each child's size is
 * checked against its parent's blocksizes entry. Not thread-safe.
 */
final class UnixfsFileStream extends InputStream {
    /** Deepest file DAG accepted (Kubo's balanced trees are a handful of levels deep). */
    static final int MAX_DEPTH = 256;

    private final NodeLoader loader;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private byte[] segment = new byte[0];
    private int segPos;
    private long remaining;

    private record Frame(PbNode node, List<Long> sizes, int depth, int[] next, long[] skip) {
    }

    UnixfsFileStream(NodeLoader loader, UnixfsNode root, long offset, long length) {
        this.loader = loader;
        this.remaining = length;
        enter(root, offset, -1, 0);
    }

    private void enter(UnixfsNode n, long skip, long expected, int depth) {
        if (depth > MAX_DEPTH) {
            throw new UnixfsException("file DAG deeper than " + MAX_DEPTH + " at " + n.cid());
        }
        if (n.isRaw()) {
            check(n, n.raw().length, expected);
            setSegment(n.raw(), skip);
            return;
        }
        UnixfsType t = n.data().type();
        if (t != UnixfsType.FILE && t != UnixfsType.RAW) {
            throw new UnixfsException(n.cid() + " is a " + t + ", not a file");
        }
        check(n, n.contentSize(), expected);
        byte[] inline = n.data().data() == null ? new byte[0] : n.data().data();
        List<Long> sizes = n.data().blocksizes();
        int first = 0;
        long childSkip = 0;
        if (skip < inline.length) {
            setSegment(inline, skip);
        } else {
            long s = skip - inline.length;
            while (first < sizes.size() && s >= sizes.get(first)) {
                s -= sizes.get(first);
                first++;
            }
            childSkip = s;
        }
        if (first < sizes.size()) {
            stack.push(new Frame(n.pb(), sizes, depth, new int[] {first}, new long[] {childSkip}));
        }
    }

    private static void check(UnixfsNode n, long actual, long expected) {
        if (expected >= 0 && actual != expected) {
            throw new UnixfsException(n.cid() + " holds " + actual + " file bytes, its parent says " + expected);
        }
    }

    private void setSegment(byte[] bytes, long skip) {
        segment = bytes;
        segPos = (int) Math.min(skip, bytes.length);
    }

    /** Makes the current segment non-empty; false at the end of the file or range. */
    private boolean fill() {
        while (segPos >= segment.length) {
            if (remaining == 0) {
                return false;
            }
            Frame f = stack.peek();
            if (f == null) {
                return false;
            }
            int i = f.next()[0]++;
            if (f.next()[0] >= f.sizes().size()) {
                stack.pop();
            }
            long skip = f.skip()[0];
            f.skip()[0] = 0;
            enter(loader.load(f.node().links().get(i).hash()), skip, f.sizes().get(i), f.depth() + 1);
        }
        return remaining != 0;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        remaining--;
        return segment[segPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, segment.length - segPos), remaining);
        System.arraycopy(segment, segPos, b, off, n);
        segPos += n;
        remaining -= n;
        return n;
    }
}
