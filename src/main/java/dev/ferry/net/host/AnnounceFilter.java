package dev.ferry.net.host;

import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses a host keeps out of what it tells peers (Kubo's {@code Addresses.NoAnnounce}): each entry is a netmask
 * ({@code /ip4/10.0.0.0/ipcidr/8}: every address inside it) or one exact address ({@code /ip4/1.2.3.4/tcp/4001}).
 *
 * @param ranges the netmasks
 * @param exact  the exact addresses, without {@code /p2p}
 */
public record AnnounceFilter(List<IpCidr> ranges, Set<Multiaddr> exact) {
    /** Hides nothing. */
    public static final AnnounceFilter NONE = new AnnounceFilter(List.of(), Set.of());

    public AnnounceFilter {
        ranges = List.copyOf(ranges);
        exact = Set.copyOf(exact);
    }

    /**
     * Reads entries as Kubo does: one that is a netmask is a range, any other must be a multiaddr.
     *
     * @throws MultiformatException naming the first entry that is neither
     */
    public static AnnounceFilter parse(List<String> entries) {
        List<IpCidr> ranges = new ArrayList<>();
        Set<Multiaddr> exact = new LinkedHashSet<>();
        for (String e : entries) {
            Multiaddr m;
            try {
                m = Multiaddr.parse(e);
            } catch (MultiformatException ex) {
                throw new MultiformatException("invalid multiaddr '" + e + "': " + ex.getMessage());
            }
            if (m.components().size() == 2 && m.components().get(1).protocol()
                    == dev.ferry.multiformats.MultiaddrProtocol.IPCIDR) {
                ranges.add(IpCidr.parse(e));
            } else {
                exact.add(m.withoutPeerId());
            }
        }
        return new AnnounceFilter(ranges, exact);
    }

    /** Whether {@code address} is kept out of the announced ones. */
    public boolean hides(Multiaddr address) {
        Multiaddr bare = address.withoutPeerId();
        return exact.contains(bare) || ranges.stream().anyMatch(r -> r.matches(address));
    }

    /** {@code addresses} less those hidden, in order. */
    public List<Multiaddr> apply(List<Multiaddr> addresses) {
        if (ranges.isEmpty() && exact.isEmpty()) {
            return addresses;
        }
        return addresses.stream().filter(a -> !hides(a)).toList();
    }
}
