package dev.ferry.net.relay.wire;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;

/** A peer named in a relay message: its id and, optionally, addresses. */
public record Peer(PeerId id, List<Multiaddr> addrs) {
    public Peer {
        Objects.requireNonNull(id, "id");
        addrs = List.copyOf(addrs);
    }

    public static Peer of(PeerId id) {
        return new Peer(id, List.of());
    }
}
