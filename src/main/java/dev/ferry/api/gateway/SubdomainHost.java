package dev.ferry.api.gateway;

import dev.ferry.routing.ipns.IpnsName;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Subdomain gateway hosts, as Kubo answers them for {@code localhost} by default: {@code <cid>.ipfs.<gateway>} is
 * {@code /ipfs/<cid>} and {@code <name>.ipns.<gateway>} is {@code /ipns/<name>}, each content root on an origin of its
 * own in a browser. A DNSLink domain is inlined in one label ({@code en-wikipedia--on--ipfs-org} for
 * {@code en.wikipedia-on-ipfs.org}: "-" for ".", "--" for "-"). Only the configured gateway hosts count, so that
 * a DNSLink site such as {@code docs.ipfs.tech} is never taken for a CID.
 */
final class SubdomainHost {
    /**
     * What a host names: {@code ipfs} or {@code ipns}, and the CID or name (a domain un-inlined); {@code gateway} is
     * the gateway host it is under, with the request's port ({@code localhost:8080}).
     */
    record Target(String namespace, String id, String gateway) {}

    private SubdomainHost() {
    }

    static Optional<Target> parse(String hostHeader, List<String> gateways) {
        if (hostHeader == null || gateways.isEmpty()) {
            return Optional.empty();
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        String port = "";
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            port = host.substring(colon);
            host = host.substring(0, colon);
        }
        for (String gw : gateways) {
            for (String ns : List.of("ipfs", "ipns")) {
                String suffix = "." + ns + "." + gw.toLowerCase(Locale.ROOT);
                if (host.endsWith(suffix) && host.length() > suffix.length()) {
                    String label = host.substring(0, host.length() - suffix.length());
                    if (label.contains(".")) {
                        return Optional.empty(); // one label only
                    }
                    String gateway = host.substring(host.length() - gw.length()) + port;
                    return Optional.of(new Target(ns, ns.equals("ipns") ? nameOf(label) : label, gateway));
                }
            }
        }
        return Optional.empty();
    }

    /** A key's name as it is, or an inlined DNSLink domain restored. */
    static String nameOf(String label) {
        try {
            IpnsName.parse(label);
            return label;
        } catch (IllegalArgumentException e) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c == '-' && i + 1 < label.length() && label.charAt(i + 1) == '-') {
                    out.append('-');
                    i++;
                } else {
                    out.append(c == '-' ? '.' : c);
                }
            }
            return out.toString();
        }
    }
}
