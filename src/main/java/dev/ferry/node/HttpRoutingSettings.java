package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.ByteSize;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.routing.delegated.DelegatedRouter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Routing and retrieval over HTTP, Kubo's keys: {@code Routing.Type} (which of the DHT and the HTTP routers run),
 * {@code Routing.DelegatedRouters} (the HTTP routers' base URLs; ferry's default is none, as its {@code Bootstrap}:
 * a node reaches out only to services its owner named), and {@code HTTPRetrieval.Enabled} (default true, as Kubo
 * 0.35+), {@code HTTPRetrieval.Allowlist} (gateway host names; empty for any) and {@code HTTPRetrieval.MaxBlockSize}
 * (default {@code 2MiB}), and {@code Ipns.DelegatedPublishers} (where IPNS records are also put over HTTP; default
 * none, for the same reason). In a private network ({@code swarm.key}) neither HTTP routers nor providers' gateways are
 * used, whatever the config says: they are outside the network, and would learn what its nodes look for.
 */
final class HttpRoutingSettings {
    static final List<String> TYPES = List.of("auto", "autoclient", "dht", "dhtclient", "dhtserver", "delegated",
            "none");
    static final int DEFAULT_MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    /**
     * The settings, checked.
     *
     * @param type          {@code Routing.Type} ({@code ""} read as {@code auto})
     * @param routers       HTTP routers to ask (none in a private network, or with a type that has none)
     * @param httpRetrieval whether providers' gateways are asked for blocks
     * @param allowlist     the gateway hosts that may be asked, lower case; empty for any
     * @param maxBlockSize  the largest block taken from a provider's gateway
     * @param publishers    delegated publishers IPNS records are put to (none in a private network)
     */
    record Values(String type, List<URI> routers, boolean httpRetrieval, Set<String> allowlist, int maxBlockSize,
                  List<URI> publishers) {
        /** Whether the DHT runs. */
        boolean dht() {
            return !type.equals("delegated") && !type.equals("none");
        }

        /** Whether the DHT runs as a server (answers other peers). */
        boolean dhtServer() {
            return type.equals("auto") || type.equals("dht") || type.equals("dhtserver");
        }

        boolean allowed(String host) {
            return allowlist.isEmpty() || allowlist.contains(host.toLowerCase(Locale.ROOT));
        }
    }

    private HttpRoutingSettings() {}

    /** {@code Routing.Type} alone, checked. @throws RepoException naming the key */
    static String type(RepoConfig cfg) {
        String type = cfg.string("Routing.Type", "auto");
        if (type.isEmpty()) {
            return "auto";
        }
        if (!TYPES.contains(type)) {
            throw new RepoException("config Routing.Type must be one of " + String.join(", ", TYPES) + ": " + type);
        }
        return type;
    }

    /** @throws RepoException naming the key and what is wrong with it */
    static Values of(RepoConfig cfg, boolean privateNetwork) {
        String type = type(cfg);
        List<URI> routers = urls(cfg, "Routing.DelegatedRouters", "https://cid.contact");
        List<URI> publishers = urls(cfg, "Ipns.DelegatedPublishers", "https://delegated-ipfs.dev");
        boolean routed = type.equals("auto") || type.equals("autoclient") || type.equals("delegated");
        boolean enabled = flag(cfg, "HTTPRetrieval.Enabled", true);
        Set<String> allow = new LinkedHashSet<>();
        var list = cfg.get("HTTPRetrieval.Allowlist").filter(n -> !n.isNull()).orElse(null);
        if (list != null) {
            if (!list.isArray()) {
                throw new RepoException("config HTTPRetrieval.Allowlist must be a list of host names, e.g. "
                        + "[\"example.com\"]");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isTextual() || item.asText().isBlank() || item.asText().contains("/")) {
                    throw new RepoException("config HTTPRetrieval.Allowlist[" + i + "] must be a host name, not "
                            + item);
                }
                allow.add(item.asText().strip().toLowerCase(Locale.ROOT));
            }
        }
        int maxBlock = DEFAULT_MAX_BLOCK_SIZE;
        var size = cfg.get("HTTPRetrieval.MaxBlockSize").filter(n -> !n.isNull()).orElse(null);
        if (size != null && !(size.isTextual() && size.asText().isEmpty())) {
            long bytes;
            try {
                bytes = size.isIntegralNumber() ? size.asLong() : ByteSize.parse(size.asText());
            } catch (IllegalArgumentException e) {
                throw new RepoException("config HTTPRetrieval.MaxBlockSize must be a size such as \"2MiB\": " + size);
            }
            if (bytes < 1 || bytes > DEFAULT_MAX_BLOCK_SIZE) {
                throw new RepoException("config HTTPRetrieval.MaxBlockSize must be 1 byte to 2MiB (the largest block "
                        + "ferry stores): " + size);
            }
            maxBlock = (int) bytes;
        }
        return new Values(type, privateNetwork || !routed ? List.of() : routers, enabled && !privateNetwork,
                Set.copyOf(allow), maxBlock, privateNetwork || type.equals("none") ? List.of() : publishers);
    }

    /** {@code Routing.DelegatedRouters}: base URLs, checked even when the type leaves them unused. */
    static List<URI> routers(RepoConfig cfg) {
        return urls(cfg, "Routing.DelegatedRouters", "https://cid.contact");
    }

    /** {@code Ipns.DelegatedPublishers}: base URLs, checked even in a private network, where they are not used. */
    static List<URI> publishers(RepoConfig cfg) {
        return urls(cfg, "Ipns.DelegatedPublishers", "https://delegated-ipfs.dev");
    }

    /**
     * A list of HTTP routers' base URLs under {@code key}, duplicates dropped. Kubo's {@code "auto"} placeholder
     * (filled from its autoconf service, which ferry has not) is refused, as Kubo refuses it with autoconf off: read
     * as a URL it would be nonsense, and mapped to Kubo's public services it would reach out to a party the owner
     * never named.
     *
     * @param example the URL the error messages suggest
     */
    private static List<URI> urls(RepoConfig cfg, String key, String example) {
        List<URI> out = new ArrayList<>();
        var list = cfg.get(key).filter(n -> !n.isNull()).orElse(null);
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            throw new RepoException("config " + key + " must be a list of router URLs, e.g. [\"" + example + "\"]");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isTextual()) {
                throw new RepoException("config " + key + "[" + i + "] must be a URL string, not " + item);
            }
            if (item.asText().strip().equalsIgnoreCase("auto")) {
                throw new RepoException("config " + key + "[" + i + "]: \"auto\" (Kubo's placeholder for the "
                        + "services its autoconf names) is not supported: write the URLs, e.g. [\"" + example
                        + "\"], or [] for none");
            }
            try {
                URI u = DelegatedRouter.parse(item.asText());
                if (!out.contains(u)) {
                    out.add(u);
                }
            } catch (IllegalArgumentException e) {
                throw new RepoException("config " + key + "[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static boolean flag(RepoConfig cfg, String key, boolean dflt) {
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isPresent() && !v.get().isBoolean()) {
            throw new RepoException("config " + key + " must be true or false: " + v.get());
        }
        return v.map(JsonNode::asBoolean).orElse(dflt);
    }
}
