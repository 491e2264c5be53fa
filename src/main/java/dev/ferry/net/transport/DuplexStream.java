package dev.ferry.net.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A reliable, ordered, bidirectional byte stream: a TCP connection, a secured channel, or one stream of a
 * multiplexed connection.
 *
 * <p>Threading: one thread may read while another writes; concurrent readers (or concurrent writers) must
 * coordinate themselves. {@link #reset()} and {@link #close()} may be called from any thread and make blocked
 * reads and writes fail promptly.
 *
 * <p>Output may be buffered: data is only guaranteed to leave after {@code out().flush()} (or
 * {@link #closeWrite()} / {@link #close()}, which flush first).
 */
public interface DuplexStream extends Closeable {

    /**
     * The receiving side; returns -1 once the peer has half-closed and every byte was read. Never null. Closing it is
     * the same as {@link #close()}.
     */
    InputStream in();

    /** The sending side; never null. Closing it is the same as {@link #closeWrite()}. */
    OutputStream out();

    /**
     * Half-close: flushes, then tells the peer no more data follows (the peer reads EOF). Reading stays
     * possible. Idempotent.
     */
    void closeWrite() throws IOException;

    /** Aborts both directions at once, discarding unsent and unread data. Never blocks for long, never throws. */
    void reset();

    /** Flushes and closes both directions. Idempotent. */
    @Override
    void close() throws IOException;

    /** A human-readable address of the remote end (a multiaddr string where known), for logs. */
    String remoteAddress();

    /** A human-readable address of the local end (a multiaddr string where known), for logs. */
    String localAddress();
}
