package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.transport.DuplexStream;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/** What the host needs from a transport (TCP, see {@link TcpHostTransport}). */
interface HostTransport {
    Listener listen(Multiaddr address) throws IOException;

    DuplexStream dial(Multiaddr address, Duration timeout) throws IOException;

    interface Listener extends Closeable {
        /** The bound address (the real port when 0 was asked for). */
        Multiaddr address();

        /** Blocks for the next raw connection; throws once closed. */
        DuplexStream accept() throws IOException;
    }
}
