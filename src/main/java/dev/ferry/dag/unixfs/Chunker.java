package dev.ferry.dag.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Cuts a stream into the chunks a {@link ChunkerSpec} names, in order; never an empty chunk. Holds at most one chunk
 * read ahead (the {@link #done()} peek go's DagBuilderHelper also does), plus what the chunker itself buffers: at most
 * one chunk of its largest size.
 */
abstract sealed class Chunker permits FixedSizeChunker, RabinChunker, BuzhashChunker {
    private final LongConsumer progress;
    private byte[] ahead;
    private boolean end;

    Chunker(LongConsumer progress) {
        this.progress = progress;
    }

    /** The chunker {@code spec} names, reading {@code in}; {@code progress} gets each chunk's length as it is cut. */
    static Chunker open(ChunkerSpec spec, InputStream in, LongConsumer progress) {
        return switch (spec) {
            case ChunkerSpec.Fixed f -> new FixedSizeChunker(in, f.size(), progress);
            case ChunkerSpec.Rabin r -> new RabinChunker(in, r.min(), r.avg(), r.max(), r.polynomial(), progress);
            case ChunkerSpec.Buzhash b -> new BuzhashChunker(in, progress);
        };
    }

    /** True when no chunk is left. */
    final boolean done() throws IOException {
        fill();
        return ahead == null;
    }

    /** The next chunk, or null at the end. */
    final byte[] next() throws IOException {
        fill();
        byte[] c = ahead;
        ahead = null;
        return c;
    }

    private void fill() throws IOException {
        if (ahead != null || end) {
            return;
        }
        byte[] c = cut();
        if (c == null) {
            end = true;
            return;
        }
        progress.accept(c.length);
        ahead = c;
    }

    /** The next chunk read from the stream (not empty), or null once the stream is exhausted. */
    abstract byte[] cut() throws IOException;
}
