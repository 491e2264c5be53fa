package dev.ferry.net.relay;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.relay.wire.Limit;
import dev.ferry.net.relay.wire.Voucher;
import java.time.Instant;
import java.util.List;

/**
 * A reservation this host holds on a relay.
 *
 * @param circuits the circuit addresses ({@code …/p2p/RELAY/p2p-circuit}) through which peers reach this host
 * @param limit    the limit the relay applies to each circuit ({@link Limit#NONE} when it told none)
 * @param voucher  the relay's voucher, or null when it sent none (or one that did not verify)
 */
public record RelayReservation(PeerId relay, Instant expiry, List<Multiaddr> circuits, Limit limit, Voucher voucher) {
    public RelayReservation {
        circuits = List.copyOf(circuits);
    }
}
