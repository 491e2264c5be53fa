package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.time.Duration;

/**
 * Opens the raw stream of a relayed connection ({@code …/p2p/RELAY/p2p-circuit}): the host upgrades it as any raw
 * connection (private network, Noise, Yamux). Installed by the relay client ({@link Host#setCircuitDialer}).
 */
@FunctionalInterface
public interface CircuitDialer {
    /**
     * @param circuit the relay's address followed by {@code /p2p-circuit} (without the target's /p2p)
     * @param target  the peer to reach through the relay
     */
    DuplexStream dial(Multiaddr circuit, PeerId target, Duration timeout) throws IOException;
}
