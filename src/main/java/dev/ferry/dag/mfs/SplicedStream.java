package dev.ferry.dag.mfs;

import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.multiformats.Cid;
import java.io.IOException;
import java.io.InputStream;

/**
 * The content of a file after a write, streamed without holding it: the old bytes before the offset, zero bytes up
 * to the offset when it lies past the old end, the written data (at most {@code count} bytes), then the old bytes
 * after what was written; it may begin past the start of the old head (see the constructor). The old DAG is immutable, so reading it while the new one is written is safe.
 */
final class SplicedStream extends InputStream {
    private final UnixfsExporter exporter;
    private final Cid old; // null: no old content
    private final long oldSize;
    private final long offset;
    private final InputStream data;
    private final long count;
    private final long start;

    private int phase; // 0 old head, 1 zeros, 2 data, 3 old tail, 4 end
    private InputStream current;
    private long zerosLeft;
    private long written;

    /**
     * @param start where the stream begins in the new content: bytes before it are taken care of elsewhere (leaves
     *              reused as they are); at most the old head's length
     */
    SplicedStream(UnixfsExporter exporter, Cid old, long oldSize, long offset, InputStream data, long count,
                  long start) {
        this.exporter = exporter;
        this.old = old;
        this.oldSize = old == null ? 0 : oldSize;
        this.offset = offset;
        this.data = data;
        this.count = count;
        this.zerosLeft = Math.max(0, offset - this.oldSize);
        this.start = start;
        if (start > Math.min(offset, this.oldSize)) {
            throw new IllegalArgumentException("start " + start + " past the old head");
        }
    }

    /** Data bytes taken so far (all of them once the stream has ended). */
    long written() {
        return written;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (phase < 4) {
            switch (phase) {
                case 0 -> {
                    long head = Math.min(offset, oldSize);
                    if (head == start) {
                        phase = 1;
                        continue;
                    }
                    if (current == null) {
                        current = exporter.cat(old, start, head - start);
                    }
                    int n = current.read(b, off, len);
                    if (n >= 0) {
                        return n;
                    }
                    next();
                }
                case 1 -> {
                    if (zerosLeft == 0) {
                        phase = 2;
                        continue;
                    }
                    int n = (int) Math.min(len, zerosLeft);
                    java.util.Arrays.fill(b, off, off + n, (byte) 0);
                    zerosLeft -= n;
                    return n;
                }
                case 2 -> {
                    int want = count < 0 ? len : (int) Math.min(len, count - written);
                    int n = want == 0 ? -1 : data.read(b, off, want);
                    if (n >= 0) {
                        written += n;
                        return n;
                    }
                    phase = 3;
                }
                case 3 -> {
                    long from = offset + written;
                    if (from >= oldSize) {
                        phase = 4;
                        continue;
                    }
                    if (current == null) {
                        current = exporter.cat(old, from, -1);
                    }
                    int n = current.read(b, off, len);
                    if (n >= 0) {
                        return n;
                    }
                    next();
                }
                default -> throw new IllegalStateException("phase " + phase);
            }
        }
        return -1;
    }

    private void next() throws IOException {
        current.close();
        current = null;
        phase++;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
        phase = 4;
    }
}
