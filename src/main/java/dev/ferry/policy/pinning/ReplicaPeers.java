package dev.ferry.policy.pinning;

import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.identity.PeerId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** What the replicator needs of the network: the node wires it to its host, capabilities table and trust store. */
public interface ReplicaPeers {
    /** Connected ferry peers that could be asked to keep content. */
    List<PeerId> candidates();

    boolean isConnected(PeerId peer);

    /** The trust level (0-10) of a peer. */
    int trustOf(PeerId peer);

    /** One {@code /ferry/pin} question to a connected peer. */
    PinReply ask(PeerId peer, PinRequest request, Duration timeout) throws IOException;
}
