package dev.ferry.api.gateway;

import dev.ferry.node.NameException;
import dev.ferry.node.NameSystem;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.util.Optional;

/** The gateway's names from a node's {@link NameSystem}. */
public final class NameSystemNames implements GatewayNames {
    private final NameSystem names;

    public NameSystemNames(NameSystem names) {
        this.names = names;
    }

    @Override
    public Resolved resolve(String name) {
        if (!isKey(name)) {
            // a domain: its DNSLink record, cached by the name system for a minute
            return new Resolved(resolvePath("/ipns/" + name), dev.ferry.routing.dnslink.DnsLink.CACHE_FOR);
        }
        IpnsName n = parse(name);
        // the first record's TTL bounds the whole chain's caching (the others are looked up through the cache)
        IpnsRecord first = names.record(n, true).orElseThrow(() ->
                GatewayException.notFound("no valid IPNS record of " + name + " was found"));
        return new Resolved(resolvePath(first.path()), first.ttl());
    }

    private String resolvePath(String path) {
        try {
            return names.resolve(path, true, true);
        } catch (NameException e) {
            throw e.notFound() ? GatewayException.notFound(e.getMessage()) : GatewayException.badRequest(e.getMessage());
        }
    }

    private static boolean isKey(String name) {
        try {
            IpnsName.parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return !dev.ferry.routing.dnslink.DnsLink.isDomain(name);
        }
    }

    @Override
    public Optional<NameRecord> record(String name) {
        return names.record(parse(name), true).map(r -> new NameRecord(r.bytes(), r.ttl(), r.validity()));
    }

    private static IpnsName parse(String name) {
        try {
            return IpnsName.parse(name);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest(dev.ferry.routing.dnslink.DnsLink.isDomain(name)
                    ? "a DNSLink name has no IPNS record: " + name
                    : "invalid IPNS name: " + name);
        }
    }
}
