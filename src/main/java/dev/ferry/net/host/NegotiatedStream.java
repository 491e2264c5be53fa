package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A muxed stream after multistream-select agreed on {@link #protocol()}. Same threading as {@link DuplexStream}:
 * one reader and one writer at a time. Closing or resetting it frees its slot in the connection's stream limit and its
 * place in the host's resource scopes.
 */
public final class NegotiatedStream implements DuplexStream {
    private final DuplexStream stream;
    private final String protocol;
    private final Connection connection;
    private final StreamReservation reservation;
    private final AtomicBoolean released = new AtomicBoolean();

    NegotiatedStream(DuplexStream stream, String protocol, Connection connection, StreamReservation reservation) {
        this.stream = stream;
        this.protocol = protocol;
        this.connection = connection;
        this.reservation = reservation;
        connection.opened(this);
    }

    /** The protocol id both sides agreed on. */
    public String protocol() {
        return protocol;
    }

    public PeerId remotePeer() {
        return connection.remotePeer();
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public InputStream in() {
        return stream.in();
    }

    @Override
    public OutputStream out() {
        return stream.out();
    }

    @Override
    public void closeWrite() throws IOException {
        stream.closeWrite();
    }

    // the slot is freed before the stream ends, so a peer that sees our FIN or RST may open the next one at once
    @Override
    public void reset() {
        release();
        stream.reset();
    }

    @Override
    public void close() throws IOException {
        release();
        stream.close();
    }

    @Override
    public String remoteAddress() {
        return stream.remoteAddress();
    }

    @Override
    public String localAddress() {
        return stream.localAddress();
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            connection.closed(this);
            reservation.release();
        }
    }

    @Override
    public String toString() {
        return protocol + " with " + connection.remotePeer();
    }
}
