package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.transport.DuplexStream;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/** What the host needs from a transport (TCP, see {@link TcpHostTransport}). */
interface HostTransport {
    /** Binds {@code address}; each accepted raw connection goes to {@code onAccept} on its own virtual thread. */
    Listener listen(Multiaddr address, Consumer<DuplexStream> onAccept) throws IOException;

    DuplexStream dial(Multiaddr address, Duration timeout) throws IOException;

    interface Listener extends Closeable {
        /** The bound address (the real port when 0 was asked for). */
        Multiaddr address();

        @Override
        void close();
    }
}
