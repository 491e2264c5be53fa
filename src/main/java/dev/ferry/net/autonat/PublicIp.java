package dev.ferry.net.autonat;

import dev.ferry.multiformats.Multiaddr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The IP an address starts with, and whether it is routable on the Internet: not loopback, link-local, private
 * (RFC 1918, RFC 6598, IPv6 unique local), unspecified or multicast. Addresses that do not start with an IP have none.
 */
public final class PublicIp {
    private PublicIp() {}

    /** The leading {@code /ip4} or {@code /ip6} of {@code a}; empty when it starts with anything else. */
    public static Optional<InetAddress> of(Multiaddr a) {
        if (a.components().isEmpty()) {
            return Optional.empty();
        }
        Multiaddr.Component first = a.components().getFirst();
        return switch (first.protocol()) {
            case IP4, IP6 -> {
                try {
                    yield Optional.of(InetAddress.getByAddress(first.value()));
                } catch (UnknownHostException e) {
                    yield Optional.empty();
                }
            }
            default -> Optional.empty();
        };
    }

    public static boolean isPublic(InetAddress ip) {
        if (ip.isLoopbackAddress() || ip.isLinkLocalAddress() || ip.isSiteLocalAddress() || ip.isAnyLocalAddress()
                || ip.isMulticastAddress()) {
            return false;
        }
        byte[] b = ip.getAddress();
        if (b.length == 4) {
            return !((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64); // 100.64.0.0/10, carrier-grade NAT
        }
        return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local
    }
}
