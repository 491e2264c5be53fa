package dev.ferry.net.relay.wire;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.record.SignedEnvelope;
import java.util.List;

/**
 * A reservation granted by a relay.
 *
 * @param expire  when it ends, in UNIX seconds (UTC)
 * @param addrs   the relay's public addresses, through which the reserving peer may be reached
 * @param voucher the relay's signed {@link Voucher}, or null when the relay sent none
 */
public record Reservation(long expire, List<Multiaddr> addrs, SignedEnvelope voucher) {
    public Reservation {
        if (expire < 0) {
            throw new IllegalArgumentException("reservation expiry out of range: " + Long.toUnsignedString(expire));
        }
        addrs = List.copyOf(addrs);
    }
}
