package dev.ferry.routing.dht;

import dev.ferry.multiformats.Multiaddr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses belong on the public DHT: not loopback, link-local, private (RFC 1918, RFC 6598, IPv6 unique local)
 * or unspecified ones, which would send the network's peers to the wrong machines. DNS names pass.
 */
public final class PublicAddresses {
    private PublicAddresses() {}

    public static boolean isPublic(Multiaddr a) {
        Optional<String> ip = a.valueOf("ip4").or(() -> a.valueOf("ip6"));
        if (ip.isEmpty()) {
            return true;
        }
        InetAddress ia;
        try {
            ia = InetAddress.getByName(ip.get()); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
        if (ia.isLoopbackAddress() || ia.isLinkLocalAddress() || ia.isSiteLocalAddress() || ia.isAnyLocalAddress()
                || ia.isMulticastAddress()) {
            return false;
        }
        byte[] b = ia.getAddress();
        if (b.length == 4) {
            return !((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64); // 100.64.0.0/10, carrier-grade NAT
        }
        return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local
    }
}
