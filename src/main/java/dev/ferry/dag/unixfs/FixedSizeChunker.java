package dev.ferry.dag.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Kubo's fixed-size chunker ({@code size-N}): full chunks, then the remainder. */
final class FixedSizeChunker extends Chunker {
    private final InputStream in;
    private final int chunkSize;
    private boolean eof;

    FixedSizeChunker(InputStream in, int chunkSize, LongConsumer progress) {
        super(progress);
        this.in = in;
        this.chunkSize = chunkSize;
    }

    @Override
    byte[] cut() throws IOException {
        if (eof) {
            return null;
        }
        // read straight into a chunk-sized array: InputStream.readNBytes(int) would gather 8 KiB pieces and copy them
        byte[] c = new byte[chunkSize];
        int n = in.readNBytes(c, 0, chunkSize);
        if (n < chunkSize) {
            eof = true;
            if (n == 0) {
                return null;
            }
            c = java.util.Arrays.copyOf(c, n);
        }
        return c;
    }
}
