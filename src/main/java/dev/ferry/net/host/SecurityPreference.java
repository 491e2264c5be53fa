package dev.ferry.net.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The security protocols a host uses, most preferred first, as Kubo's {@code Swarm.Transports.Security} priorities
 * choose them: a dial proposes them in this order until the peer accepts one; an accepted connection takes whichever
 * of them the dialer proposes. A protocol left out is disabled both ways.
 *
 * <p>ferry's default is Noise (100) before TLS (200), the reverse of Kubo's (TLS 100, Noise 200): every Kubo,
 * go-libp2p and js-libp2p peer speaks Noise while js-libp2p peers rarely speak TLS, so proposing Noise first never
 * costs the round trip of a refused proposal with them; a peer that speaks only TLS costs that round trip instead.
 */
public record SecurityPreference(List<SecurityTransport> order) {
    public static final int DEFAULT_NOISE_PRIORITY = 100;
    public static final int DEFAULT_TLS_PRIORITY = 200;

    public SecurityPreference {
        order = List.copyOf(order);
        if (order.isEmpty()) {
            throw new IllegalArgumentException("no security protocol enabled");
        }
        if (order.stream().distinct().count() != order.size()) {
            throw new IllegalArgumentException("a security protocol is listed twice: " + order);
        }
    }

    /** Noise, then TLS. */
    public static SecurityPreference defaults() {
        return new SecurityPreference(List.of(SecurityTransport.NOISE, SecurityTransport.TLS));
    }

    public static SecurityPreference of(SecurityTransport... order) {
        return new SecurityPreference(List.of(order));
    }

    /**
     * From Kubo-style priorities: lower first, a null priority disables the protocol; on a tie TLS comes first (the
     * order Kubo lists them in).
     */
    public static SecurityPreference fromPriorities(Map<SecurityTransport, Integer> priorities) {
        Map<SecurityTransport, Integer> p = new EnumMap<>(SecurityTransport.class);
        priorities.forEach((k, v) -> {
            if (v != null) {
                p.put(k, v);
            }
        });
        List<SecurityTransport> order = new ArrayList<>(p.keySet()); // enum order: TLS, NOISE
        order.sort(Comparator.comparing(p::get)); // stable
        return new SecurityPreference(order);
    }

    public List<String> protocolIds() {
        return order.stream().map(SecurityTransport::protocolId).toList();
    }
}
