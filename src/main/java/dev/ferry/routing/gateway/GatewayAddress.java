package dev.ferry.routing.gateway;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Multiaddr.Component;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The trustless gateway a provider announces in its addresses (Kubo's HTTP retrieval):
 * {@code /dns|dns4|dns6|ip4|ip6/HOST/tcp/PORT/https} or {@code .../tcp/PORT/tls[/sni/NAME]/http}, optionally ending in
 * {@code /p2p/ID}, is {@code https://HOST:PORT}. A plain {@code .../tcp/PORT/http} is {@code http://HOST:PORT} only
 * for a loopback host ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}): over the network an unencrypted answer
 * could be swapped by anyone on the path (blocks are verified, but not the peer's privacy), as Kubo, which requires
 * https; on the node's own machine it lets a local gateway serve, and tests run.
 */
public final class GatewayAddress {
    private GatewayAddress() {}

    /** The gateway URL of {@code addr}, or empty when it is no HTTP gateway address (or plain http off loopback). */
    public static Optional<URI> of(Multiaddr addr) {
        List<Component> c = addr.components();
        int n = c.size();
        if (n > 0 && c.get(n - 1).protocol().protocolName().equals("p2p")) {
            n--;
        }
        if (n < 3 || !c.get(1).protocol().protocolName().equals("tcp")) {
            return Optional.empty();
        }
        String hostProto = c.get(0).protocol().protocolName();
        String host = c.get(0).valueString();
        if (host.isEmpty()) {
            return Optional.empty();
        }
        boolean tls;
        List<String> rest = c.subList(2, n).stream().map(x -> x.protocol().protocolName()).toList();
        if (rest.equals(List.of("https")) || rest.equals(List.of("tls", "http"))
                || rest.equals(List.of("tls", "sni", "http"))) {
            tls = true;
        } else if (rest.equals(List.of("http"))) {
            tls = false;
        } else {
            return Optional.empty();
        }
        String hostText = switch (hostProto) {
            case "ip4", "dns", "dns4", "dns6" -> host.toLowerCase(Locale.ROOT);
            case "ip6" -> "[" + host + "]";
            default -> null;
        };
        if (hostText == null || !tls && !isLoopback(hostProto, host)) {
            return Optional.empty();
        }
        int port;
        try {
            port = Integer.parseInt(c.get(1).valueString());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port <= 0 || port > 65535) {
            return Optional.empty();
        }
        try {
            URI u = new URI((tls ? "https" : "http") + "://" + hostText + ":" + port);
            return u.getHost() == null ? Optional.empty() : Optional.of(u);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty(); // a DNS name no URL can hold
        }
    }

    /** Whether {@code host} is this machine: a loopback IP, or the name {@code localhost}. */
    static boolean isLoopback(String proto, String host) {
        return switch (proto) {
            case "ip4", "ip6" -> {
                try {
                    yield InetAddress.ofLiteral(host).isLoopbackAddress();
                } catch (IllegalArgumentException e) {
                    yield false;
                }
            }
            default -> host.equalsIgnoreCase("localhost");
        };
    }
}
