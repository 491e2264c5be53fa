package dev.ferry.net.host;

import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;

/** What the host needs from a stream multiplexer session (Yamux, see {@link YamuxMuxer}). */
interface MuxedConnection {
    /** Opens a new outbound stream. */
    DuplexStream openStream() throws IOException;

    /** Blocks for the next inbound stream; null once the session is closed. */
    DuplexStream acceptStream() throws IOException;

    boolean isOpen();

    /** Closes the session and every stream; never throws. */
    void close();
}
