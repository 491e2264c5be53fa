package dev.ferry.api.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip at a chosen deflate level (GZIPOutputStream only offers the default): its Deflater is set to the level before
 * any byte is compressed. The stream underneath stays its owner's: end with {@link #complete} or {@link #abandon},
 * never {@code close}.
 */
public final class GzipOutput extends GZIPOutputStream {
    private static final int BUFFER = 64 * 1024;

    /** Writes the gzip header at once. */
    public GzipOutput(OutputStream out, int level) throws IOException {
        super(out, BUFFER);
        def.setLevel(level);
    }

    /** Writes the rest and the trailer, and frees the Deflater. */
    public void complete() throws IOException {
        try {
            finish();
            flush();
        } finally {
            def.end();
        }
    }

    /** Frees the Deflater without a trailer: a stream that failed must not end as a valid, shorter gzip. */
    public void abandon() {
        def.end();
    }
}
