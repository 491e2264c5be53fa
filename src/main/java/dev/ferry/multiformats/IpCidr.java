package dev.ferry.multiformats;

import java.util.Arrays;
import java.util.List;

/**
 * An IP prefix written as a multiaddr netmask, {@code /ip4/10.0.0.0/ipcidr/8} or {@code /ip6/fc00::/ipcidr/7} (the
 * form of Kubo's {@code Swarm.AddrFilters} and {@code Addresses.NoAnnounce}). The network is kept with its host bits
 * cleared, so {@code /ip4/10.1.2.3/ipcidr/8} and {@code /ip4/10.0.0.0/ipcidr/8} are the same prefix, as Go's
 * {@code net.ParseCIDR} reads them. Immutable, value semantics.
 *
 * @param network      the network's address bytes (4 or 16), host bits zero
 * @param prefixLength the leading bits that count, 0 to 32 (IPv4) or 128 (IPv6)
 */
public record IpCidr(byte[] network, int prefixLength) {
    public IpCidr {
        if (network.length != 4 && network.length != 16) {
            throw new MultiformatException("a prefix's network is 4 or 16 bytes, not " + network.length);
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new MultiformatException("/ipcidr " + prefixLength + " is beyond the " + network.length * 8
                    + " bits of the address");
        }
        network = masked(network, prefixLength);
    }

    /**
     * Parses a netmask: exactly an {@code /ip4} or {@code /ip6} address followed by {@code /ipcidr/<bits>}.
     *
     * @throws MultiformatException for anything else, naming what is wrong
     */
    public static IpCidr parse(String text) {
        Multiaddr m = Multiaddr.parse(text);
        List<Multiaddr.Component> parts = m.components();
        if (parts.size() != 2 || !isIp(parts.get(0).protocol()) || parts.get(1).protocol() != MultiaddrProtocol.IPCIDR) {
            throw new MultiformatException("not an address filter (want /ip4/<address>/ipcidr/<bits> or "
                    + "/ip6/<address>/ipcidr/<bits>): " + text);
        }
        return new IpCidr(parts.get(0).value(), parts.get(1).value()[0] & 0xff);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** Whether {@code address} (4 or 16 bytes) lies inside; an IPv4-mapped IPv6 address counts as its IPv4 one. */
    public boolean contains(byte[] address) {
        byte[] a = address.length == 16 && network.length == 4 && isV4Mapped(address)
                ? Arrays.copyOfRange(address, 12, 16) : address;
        if (a.length != network.length) {
            return false;
        }
        return Arrays.equals(masked(a, prefixLength), network);
    }

    /**
     * Whether the address's IP lies inside: the first component after any {@code /ip6zone} must be {@code /ip4} or
     * {@code /ip6}; an address without one (a DNS name, a relay) never matches.
     */
    public boolean matches(Multiaddr address) {
        return leadingIp(address) instanceof byte[] ip && contains(ip);
    }

    /**
     * The IP an address starts with (after any {@code /ip6zone}), or null when it starts with something else: the
     * address a dial would reach, which is what filters judge.
     */
    public static byte[] leadingIp(Multiaddr address) {
        for (Multiaddr.Component c : address.components()) {
            if (c.protocol() == MultiaddrProtocol.IP6ZONE) {
                continue;
            }
            return isIp(c.protocol()) ? c.value() : null;
        }
        return null;
    }

    private static boolean isIp(MultiaddrProtocol p) {
        return p == MultiaddrProtocol.IP4 || p == MultiaddrProtocol.IP6;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] masked(byte[] address, int bits) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.clamp(bits - i * 8L, 0, 8);
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    /** The canonical multiaddr text, e.g. {@code /ip4/10.0.0.0/ipcidr/8}. */
    @Override
    public String toString() {
        MultiaddrProtocol ip = network.length == 4 ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6;
        return Multiaddr.of(List.of(new Multiaddr.Component(ip, network),
                new Multiaddr.Component(MultiaddrProtocol.IPCIDR, new byte[] {(byte) prefixLength}))).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpCidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }
}
