package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.transport.DuplexStream;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** What the host needs from a transport (TCP and WebSockets, see {@link SwarmTransports}). */
interface HostTransport {
    /** Binds {@code address}; each accepted raw connection goes to {@code onAccept} on its own virtual thread. */
    Listener listen(Multiaddr address, Consumer<DuplexStream> onAccept) throws IOException;

    /**
     * Connects to {@code address}; a DNS name's resolved IPs that {@code blocked} refuses (as {@code /ip4|ip6/<ip>})
     * are not connected to, so that a name cannot lead the host into a filtered range.
     */
    DuplexStream dial(Multiaddr address, Duration timeout, Predicate<Multiaddr> blocked) throws IOException;

    interface Listener extends Closeable {
        /** The bound address (the real port when 0 was asked for). */
        Multiaddr address();

        @Override
        void close();
    }
}
