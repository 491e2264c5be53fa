package dev.ferry.api.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body whose first bytes are held back: the status goes out only when they overflow {@code limit} or the
 * body ends (then with its exact length). So a failure early in a generated body still gets its own status, and a
 * small body is sent with a Content-Length. Not thread-safe.
 */
final class HeldBody extends OutputStream {
    /** Sends the status and headers, then gives the body stream. */
    @FunctionalInterface
    interface Start {
        /** @param length the whole body's length, or -1 when it is not known yet (the body is then chunked) */
        OutputStream start(long length) throws IOException;
    }

    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final int limit;
    private final Start start;
    private OutputStream out;

    HeldBody(int limit, Start start) {
        this.limit = limit;
        this.start = start;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (out == null && held.size() + len <= limit) {
            held.write(b, off, len);
            return;
        }
        if (out == null) {
            out = start.start(-1);
            held.writeTo(out);
            held.reset();
        }
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    /** Ends the body: a body that never overflowed goes out now, whole. */
    @Override
    public void close() throws IOException {
        if (out == null) {
            out = start.start(held.size());
            held.writeTo(out);
        }
        out.close();
    }
}
