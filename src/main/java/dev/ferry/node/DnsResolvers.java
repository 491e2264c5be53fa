package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.routing.dnslink.DohTxtLookup;
import dev.ferry.routing.dnslink.JndiTxtLookup;
import dev.ferry.routing.dnslink.TxtLookup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kubo's {@code DNS.Resolvers}: DNS servers by domain suffix ({@code "."} for every domain, {@code "eth."} for one
 * top-level domain), the longest matching suffix wins, the system's resolver for the rest. Values are Kubo's
 * DNS-over-HTTPS endpoints ({@code https://...}; {@code http://} only to a loopback address) or, ferry's own, plain DNS
 * servers as {@code dns://host[:port]}.
 */
final class DnsResolvers {
    static final int TIMEOUT_MILLIS = 2000;

    private DnsResolvers() {
    }

    static TxtLookup of(RepoConfig cfg) {
        TxtLookup system = new JndiTxtLookup(List.of(), TIMEOUT_MILLIS);
        JsonNode map = cfg.get("DNS.Resolvers").filter(n -> !n.isNull()).orElse(null);
        if (map == null) {
            return system;
        }
        if (!map.isObject()) {
            throw new RepoException("config DNS.Resolvers must map domain suffixes to resolvers, e.g. "
                    + "{\".\": \"dns://127.0.0.1:53\"}");
        }
        List<Map.Entry<String, TxtLookup>> bySuffix = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String url = e.getValue().asText();
            String suffix = e.getKey().toLowerCase(Locale.ROOT);
            TxtLookup lookup;
            if (url.startsWith("https://") || url.startsWith("http://")) {
                try {
                    lookup = new DohTxtLookup(java.net.URI.create(url), java.time.Duration.ofMillis(TIMEOUT_MILLIS * 2L));
                } catch (IllegalArgumentException bad) {
                    throw new RepoException("config DNS.Resolvers." + e.getKey() + ": " + bad.getMessage());
                }
            } else if (url.startsWith("dns://") && url.length() > "dns://".length()) {
                lookup = new JndiTxtLookup(List.of(url.substring("dns://".length())), TIMEOUT_MILLIS);
            } else {
                throw new RepoException("config DNS.Resolvers." + e.getKey()
                        + ": use an https:// DNS-over-HTTPS endpoint or dns://host[:port], not " + url);
            }
            bySuffix.add(Map.entry(suffix.endsWith(".") ? suffix : suffix + ".", lookup));
        }
        bySuffix.sort(Comparator.comparingInt((Map.Entry<String, TxtLookup> e) -> e.getKey().length()).reversed());
        return name -> {
            String fqdn = (name.endsWith(".") ? name : name + ".").toLowerCase(Locale.ROOT);
            for (Map.Entry<String, TxtLookup> e : bySuffix) {
                if (e.getKey().equals(".") || fqdn.endsWith("." + e.getKey()) || fqdn.equals(e.getKey())) {
                    return e.getValue().txt(name);
                }
            }
            return system.txt(name);
        };
    }
}
