package dev.ferry.net.relay;

import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.util.List;

/**
 * A circuit address {@code [<relay transport address>]/p2p/RELAY/p2p-circuit}, parsed: the relay and, when given,
 * where to reach it. The target's {@code /p2p/…} that follows in a full address is not part of it.
 *
 * @param relayAddress the relay's transport address, without /p2p; empty when the address names only the relay
 */
public record CircuitAddress(PeerId relay, Multiaddr relayAddress) {
    /**
     * @throws IllegalArgumentException when {@code address} is not {@code …/p2p/RELAY/p2p-circuit} (a target's
     *                                  /p2p after it is allowed and ignored), or is a circuit through a circuit
     */
    public static CircuitAddress parse(Multiaddr address) {
        List<Multiaddr.Component> parts = address.components();
        int at = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).protocol() == MultiaddrProtocol.P2P_CIRCUIT) {
                if (at >= 0) {
                    throw new IllegalArgumentException("a circuit through a circuit is not dialled: " + address);
                }
                at = i;
            }
        }
        if (at < 1 || parts.get(at - 1).protocol() != MultiaddrProtocol.P2P) {
            throw new IllegalArgumentException("not a circuit address (…/p2p/RELAY/p2p-circuit): " + address);
        }
        PeerId relay;
        try {
            relay = PeerId.parse(parts.get(at - 1).valueString());
        } catch (KeyFormatException e) {
            throw new IllegalArgumentException("circuit address names no relay: " + address, e);
        }
        return new CircuitAddress(relay, Multiaddr.of(parts.subList(0, at - 1)));
    }

    /** {@code relayAddress/p2p/RELAY/p2p-circuit}. */
    public static Multiaddr of(Multiaddr relayAddress, PeerId relay) {
        return relayAddress.encapsulate("/p2p/" + relay + "/p2p-circuit");
    }

    public static boolean isCircuit(Multiaddr address) {
        return address.has(MultiaddrProtocol.P2P_CIRCUIT);
    }

    public Multiaddr toMultiaddr() {
        return of(relayAddress, relay);
    }
}
