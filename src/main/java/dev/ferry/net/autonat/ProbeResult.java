package dev.ferry.net.autonat;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.wire.ResponseStatus;
import java.util.Optional;

/**
 * One server's answer to a dial-back request.
 *
 * @param server  the peer asked
 * @param status  its answer
 * @param text    its reason, empty when it gave none
 * @param address the address it reached (with {@link ResponseStatus#OK}), when it said and it could be read
 */
public record ProbeResult(PeerId server, ResponseStatus status, String text, Optional<Multiaddr> address) {

    /** What the answer says of our reachability: PUBLIC, PRIVATE, or UNKNOWN (anything but a dial made). */
    public Reachability observation() {
        return switch (status) {
            case OK -> Reachability.PUBLIC;
            case E_DIAL_ERROR -> Reachability.PRIVATE;
            default -> Reachability.UNKNOWN;
        };
    }
}
