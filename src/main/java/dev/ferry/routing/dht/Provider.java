package dev.ferry.routing.dht;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.List;

/** A peer found to provide a key, with the addresses the DHT gave for it (possibly none). */
public record Provider(PeerId peer, List<Multiaddr> addresses) {
    public Provider {
        addresses = List.copyOf(addresses);
    }
}
