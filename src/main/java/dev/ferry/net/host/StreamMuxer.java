package dev.ferry.net.host;

import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;

/** A stream multiplexer the upgrader can negotiate: its protocol id and a session factory. */
interface StreamMuxer {
    String protocolId();

    /** Starts a session over a secured stream; {@code initiator} is the side that dialled the connection. */
    MuxedConnection start(DuplexStream secured, boolean initiator) throws IOException;
}
