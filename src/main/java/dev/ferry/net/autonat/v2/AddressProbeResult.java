package dev.ferry.net.autonat.v2;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.autonat.v2.wire.DialResponseStatus;
import dev.ferry.net.autonat.v2.wire.DialStatus;
import java.util.Optional;

/**
 * One server's answer to a dial request, checked.
 *
 * @param server        the peer asked
 * @param status        whether it served the request
 * @param address       the address it dialled (with {@link DialResponseStatus#OK})
 * @param dialStatus    how that dial went ({@link DialStatus#UNUSED} when none was made)
 * @param observation   what the answer says of that address: PUBLIC when the dial-back brought our nonce, PRIVATE when
 *                      the server could not connect, UNKNOWN otherwise (no dial, or a claim without our nonce)
 * @param dialDataBytes the dial data we sent first, 0 when none was asked for
 */
public record AddressProbeResult(PeerId server, DialResponseStatus status, Optional<Multiaddr> address,
        DialStatus dialStatus, Reachability observation, long dialDataBytes) {}
