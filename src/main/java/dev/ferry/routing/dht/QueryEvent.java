package dev.ferry.routing.dht;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.List;

/**
 * What a DHT lookup reports as it goes (the events go-libp2p-kad-dht publishes for Kubo's {@code dht query}): each
 * peer asked, and the closer peers each one named.
 */
public sealed interface QueryEvent {
    /** A request is being sent to {@code peer}. */
    record Querying(PeerId peer) implements QueryEvent {}

    /** {@code peer} answered, naming {@code closer} (this node left out). */
    record Answered(PeerId peer, List<Named> closer) implements QueryEvent {
        public Answered {
            closer = List.copyOf(closer);
        }
    }

    /** A peer named in an answer, with the addresses given for it that this node keeps (possibly none). */
    record Named(PeerId peer, List<Multiaddr> addresses) {
        public Named {
            addresses = List.copyOf(addresses);
        }
    }
}
