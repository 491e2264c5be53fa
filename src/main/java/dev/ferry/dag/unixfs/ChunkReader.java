package dev.ferry.dag.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Kubo's fixed-size chunker ({@code size-N}): full chunks, then the remainder; never an empty chunk. Holds at most one
 * chunk read ahead (the {@link #done()} peek go's DagBuilderHelper also does).
 */
final class ChunkReader {
    private final InputStream in;
    private final int chunkSize;
    private final LongConsumer progress;
    private byte[] ahead;
    private boolean eof;

    ChunkReader(InputStream in, int chunkSize, LongConsumer progress) {
        this.in = in;
        this.chunkSize = chunkSize;
        this.progress = progress;
    }

    /** True when no chunk is left. */
    boolean done() throws IOException {
        fill();
        return ahead == null;
    }

    /** The next chunk, or null at the end. */
    byte[] next() throws IOException {
        fill();
        byte[] c = ahead;
        ahead = null;
        return c;
    }

    private void fill() throws IOException {
        if (ahead != null || eof) {
            return;
        }
        // read straight into a chunk-sized array: InputStream.readNBytes(int) would gather 8 KiB pieces and copy them
        byte[] c = new byte[chunkSize];
        int n = in.readNBytes(c, 0, chunkSize);
        if (n == 0) {
            eof = true;
            return;
        }
        if (n < chunkSize) {
            eof = true;
            c = java.util.Arrays.copyOf(c, n);
        }
        progress.accept(c.length);
        ahead = c;
    }
}
