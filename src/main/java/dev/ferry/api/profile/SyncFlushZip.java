package dev.ferry.api.profile;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.ZipOutputStream;

/**
 * A zip stream whose open entry can be pushed to the client before it is closed. {@code ZipOutputStream} keeps a
 * deflated entry's bytes in its deflater until the entry ends; while recording, the profile sends a line every second
 * and must see it leave, since a failed write is the only sign that the client went away.
 */
final class SyncFlushZip extends ZipOutputStream {
    SyncFlushZip(OutputStream out) {
        super(out);
    }

    /** Sends everything written to the open entry so far (a deflate sync flush, which the entry's sizes count). */
    void flushEntry() throws IOException {
        int len;
        while ((len = def.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, len);
            if (len < buf.length) {
                break;
            }
        }
        out.flush();
    }

    /** Frees the deflater without finishing the zip, after a failure. */
    void abandon() {
        def.end();
    }
}
