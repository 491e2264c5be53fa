package dev.ferry.node.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Kubo's config profiles that mean something for ferry ({@code config profile apply}, {@code init --profile}): each
 * changes the same keys as Kubo's. Kubo's datastore profiles (ferry has one block store of its own), and its import
 * and announce presets, are not offered.
 */
public enum ConfigProfile {
    SERVER("Disables local host discovery, recommended when running on machines with public IPv4 addresses."),
    LOCAL_DISCOVERY("Sets default values to fields affected by the server profile, enables discovery in local "
            + "networks."),
    TEST("Reduces external interference, for nodes in test environments: loopback addresses on random ports, no "
            + "bootstrap peers, no local discovery."),
    DEFAULT_NETWORKING("Restores default network settings (and adds Kubo's bootstrap peers). Inverse profile of "
            + "the test profile."),
    LOWPOWER("Reduces daemon overhead on the system: DHT client only, fewer connections, no reproviding."),
    RANDOMPORTS("Use a random port number for swarm.");

    /** Private, local-only or unroutable prefixes (IANA special registries), as Kubo's server profile lists them. */
    static final List<String> SERVER_FILTERS = List.of(
            "/ip4/10.0.0.0/ipcidr/8", "/ip4/100.64.0.0/ipcidr/10", "/ip4/169.254.0.0/ipcidr/16",
            "/ip4/172.16.0.0/ipcidr/12", "/ip4/192.0.0.0/ipcidr/24", "/ip4/192.0.2.0/ipcidr/24",
            "/ip4/192.168.0.0/ipcidr/16", "/ip4/198.18.0.0/ipcidr/15", "/ip4/198.51.100.0/ipcidr/24",
            "/ip4/203.0.113.0/ipcidr/24", "/ip4/240.0.0.0/ipcidr/4", "/ip6/100::/ipcidr/64", "/ip6/2001:2::/ipcidr/48",
            "/ip6/2001:db8::/ipcidr/32", "/ip6/fc00::/ipcidr/7", "/ip6/fe80::/ipcidr/10");

    /** Kubo's profiles ferry knows of but does not offer, with the reason given when one is asked for. */
    private static final Set<String> DATASTORE = Set.of("default-datastore", "flatfs", "flatfs-measure", "badgerds",
            "badgerds-measure", "pebbleds", "pebbleds-measure");

    private final String description;

    ConfigProfile(String description) {
        this.description = description;
    }

    /** The name Kubo gives it ({@code local-discovery}). */
    public String profileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String description() {
        return description;
    }

    /**
     * @throws IllegalArgumentException for a name that is no profile here, saying why when Kubo has it
     */
    public static ConfigProfile byName(String name) {
        for (ConfigProfile p : values()) {
            if (p.profileName().equals(name)) {
                return p;
            }
        }
        String offered = String.join(", ", java.util.Arrays.stream(values()).map(ConfigProfile::profileName).toList());
        if (DATASTORE.contains(name)) {
            throw new IllegalArgumentException("the profile " + name + " chooses Kubo's datastore; ferry keeps blocks "
                    + "in its own store, so it does not apply (profiles: " + offered + ")");
        }
        throw new IllegalArgumentException(name + " is not a profile ferry offers (profiles: " + offered + ")");
    }

    /** {@code config} changed as the profile says (a new config; {@code config} is left as it was). */
    public RepoConfig applyTo(RepoConfig config) {
        ObjectNode root = (ObjectNode) config.tree();
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (this) {
            case SERVER -> {
                strings(root, "Addresses", "NoAnnounce", union(strings(root, "Addresses", "NoAnnounce"), SERVER_FILTERS));
                strings(root, "Swarm", "AddrFilters", union(strings(root, "Swarm", "AddrFilters"), SERVER_FILTERS));
                object(object(root, "Discovery"), "MDNS").put("Enabled", false);
                object(root, "Swarm").put("DisableNatPortMap", true);
            }
            case LOCAL_DISCOVERY -> {
                strings(root, "Addresses", "NoAnnounce", minus(strings(root, "Addresses", "NoAnnounce"), SERVER_FILTERS));
                strings(root, "Swarm", "AddrFilters", minus(strings(root, "Swarm", "AddrFilters"), SERVER_FILTERS));
                object(object(root, "Discovery"), "MDNS").put("Enabled", true);
                object(root, "Swarm").put("DisableNatPortMap", false);
            }
            case TEST -> {
                ObjectNode addresses = object(root, "Addresses");
                addresses.put("API", "/ip4/127.0.0.1/tcp/0");
                addresses.put("Gateway", "/ip4/127.0.0.1/tcp/0");
                addresses.set("Swarm", f.arrayNode().add("/ip4/127.0.0.1/tcp/0"));
                object(root, "Swarm").put("DisableNatPortMap", true);
                root.set("Bootstrap", f.arrayNode());
                object(object(root, "Discovery"), "MDNS").put("Enabled", false);
            }
            case DEFAULT_NETWORKING -> {
                root.set("Addresses", RepoConfig.defaults(null).tree().get("Addresses").deepCopy());
                List<String> bootstrap = new ArrayList<>();
                root.path("Bootstrap").forEach(n -> bootstrap.add(n.asText()));
                root.set("Bootstrap", array(union(bootstrap, BootstrapDefaults.KUBO)));
                object(root, "Swarm").put("DisableNatPortMap", false);
                object(object(root, "Discovery"), "MDNS").put("Enabled", true);
            }
            case LOWPOWER -> {
                object(root, "Routing").put("Type", "dhtclient");
                object(root, "AutoNAT").put("ServiceMode", "disabled");
                object(root, "Reprovider").put("Interval", "0");
                ObjectNode connMgr = object(object(root, "Swarm"), "ConnMgr");
                connMgr.put("Type", "basic");
                connMgr.put("LowWater", 20);
                connMgr.put("HighWater", 40);
                connMgr.put("GracePeriod", "1m0s");
            }
            case RANDOMPORTS -> {
                int port = freePort();
                object(root, "Addresses").set("Swarm",
                        f.arrayNode().add("/ip4/0.0.0.0/tcp/" + port).add("/ip6/::/tcp/" + port));
            }
        }
        return RepoConfig.parse(root.toString());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("finding a free port", e);
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static List<String> strings(ObjectNode root, String section, String field) {
        List<String> out = new ArrayList<>();
        JsonNode n = root.path(section).path(field);
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static void strings(ObjectNode root, String section, String field, List<String> values) {
        object(root, section).set(field, array(values));
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** {@code a} then what {@code b} adds, without repeats (Kubo's appendSingle). */
    private static List<String> union(List<String> a, List<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static List<String> minus(List<String> a, List<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        b.forEach(out::remove);
        return List.copyOf(out);
    }
}
