package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.net.host.AnnounceFilter;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.SecurityPreference;
import dev.ferry.net.host.SecurityTransport;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubo's keys that shape the host's connections, read strictly (a bad value is a {@link RepoException} naming the
 * key):
 * <ul>
 *   <li>{@code Swarm.AddrFilters}: netmasks ({@code /ip4/10.0.0.0/ipcidr/8}) never dialled nor accepted from;
 *   <li>{@code Addresses.NoAnnounce}: netmasks or exact addresses left out of what peers are told;
 *   <li>{@code Swarm.ConnMgr}: {@code Type} ({@code basic}, the default, or {@code none}: never trim),
 *       {@code LowWater}, {@code HighWater} and {@code GracePeriod} of the connection trimming;
 *   <li>{@code Swarm.StreamIdleTimeout} (ferry's own): the longest any protocol served waits on a silent peer;
 *   <li>{@code Swarm.Transports.Network} and {@code Swarm.Transports.Security}: transports and security protocols.
 * </ul>
 */
public final class SwarmSettings {
    private static final int MAX_CONNECTIONS = 1 << 16;

    private SwarmSettings() {}

    /** {@code Swarm.AddrFilters}, in their order; absent or null: none. */
    public static List<IpCidr> addrFilters(RepoConfig cfg) {
        List<IpCidr> out = new ArrayList<>();
        List<String> entries = strings(cfg, "Swarm.AddrFilters");
        for (int i = 0; i < entries.size(); i++) {
            try {
                out.add(IpCidr.parse(entries.get(i)));
            } catch (MultiformatException e) {
                throw new RepoException("config Swarm.AddrFilters[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code Addresses.NoAnnounce}; absent or null: nothing hidden. */
    public static AnnounceFilter noAnnounce(RepoConfig cfg) {
        List<String> entries = strings(cfg, "Addresses.NoAnnounce");
        try {
            return AnnounceFilter.parse(entries);
        } catch (MultiformatException e) {
            throw new RepoException("config Addresses.NoAnnounce: " + e.getMessage());
        }
    }

    /**
     * {@code base} with {@code Swarm.StreamIdleTimeout} (a duration such as {@code "30s"}) as its
     * {@link HostConfig#streamIdleTimeout()}; absent or null: {@code base}'s (60 s).
     */
    public static HostConfig streamIdleTimeout(RepoConfig cfg, HostConfig base) {
        java.util.Optional<JsonNode> v = cfg.get("Swarm.StreamIdleTimeout").filter(n -> !n.isNull());
        if (v.isEmpty()) {
            return base;
        }
        Duration d;
        try {
            d = Durations.parse(v.get().asText());
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Swarm.StreamIdleTimeout: " + e.getMessage());
        }
        if (!d.isPositive()) {
            throw new RepoException("config Swarm.StreamIdleTimeout must be positive: " + v.get().asText());
        }
        return base.withStreamIdleTimeout(d);
    }

    /**
     * {@code base} with the transports {@code Swarm.Transports.Network.TCP} and {@code .Websocket} enable (Kubo's
     * flags: true, false, or absent/null for the default, on for both), secured by the protocols
     * {@code Swarm.Transports.Security.TLS} and {@code .Noise} enable, in the order of their priorities (see
     * {@link #security}). Turning both transports, or both security protocols, off is an error.
     */
    public static HostConfig transports(RepoConfig cfg, HostConfig base) {
        boolean tcp = flag(cfg, "Swarm.Transports.Network.TCP");
        boolean ws = flag(cfg, "Swarm.Transports.Network.Websocket");
        if (!tcp && !ws) {
            throw new RepoException("config Swarm.Transports.Network: TCP and Websocket are both off, so the node "
                    + "could neither listen nor dial");
        }
        return base.withTransports(new dev.ferry.net.host.EnabledTransports(tcp, ws, security(cfg)));
    }

    /**
     * The security protocols by Kubo's {@code priority} values under {@code Swarm.Transports.Security}: a positive
     * number (lower goes first), {@code false} (disabled), or {@code true}, null or absent (the default: ferry's, Noise
     * 100 then TLS 200, see {@link SecurityPreference}). {@code SECIO}, which Kubo removed, is ignored.
     */
    public static SecurityPreference security(RepoConfig cfg) {
        java.util.Map<SecurityTransport, Integer> p = new java.util.EnumMap<>(SecurityTransport.class);
        p.put(SecurityTransport.TLS, priority(cfg, "Swarm.Transports.Security.TLS",
                SecurityPreference.DEFAULT_TLS_PRIORITY));
        p.put(SecurityTransport.NOISE, priority(cfg, "Swarm.Transports.Security.Noise",
                SecurityPreference.DEFAULT_NOISE_PRIORITY));
        if (p.values().stream().allMatch(java.util.Objects::isNull)) {
            throw new RepoException("config Swarm.Transports.Security: TLS and Noise are both off, so no connection "
                    + "could be secured");
        }
        return SecurityPreference.fromPriorities(p);
    }

    /** A Kubo {@code priority}: null when disabled. */
    private static Integer priority(RepoConfig cfg, String key, int dflt) {
        JsonNode v = cfg.get(key).filter(n -> !n.isNull()).orElse(null);
        if (v == null || (v.isBoolean() && v.asBoolean())) {
            return dflt;
        }
        if (v.isBoolean()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new RepoException("config " + key + " must be a positive priority (lower goes first), true, false "
                    + "or null: " + v);
        }
        return v.asInt();
    }

    private static boolean flag(RepoConfig cfg, String key) {
        JsonNode v = cfg.get(key).filter(n -> !n.isNull()).orElse(null);
        if (v == null) {
            return true;
        }
        if (!v.isBoolean()) {
            throw new RepoException("config " + key + " must be true, false or null: " + v);
        }
        return v.asBoolean();
    }

    /** {@code limit}, or {@code idle} when that is shorter: no served protocol waits longer than the host's limit. */
    public static Duration atMost(Duration limit, Duration idle) {
        return idle.compareTo(limit) < 0 ? idle : limit;
    }

    /**
     * {@code base} with the trimming {@code Swarm.ConnMgr} asks for; unset fields keep {@code base}'s values (ferry's
     * defaults: trim above 384 connections down to 256, none younger than 30s). The hard cap on connections grows to
     * twice {@code HighWater} when that is above {@code base}'s, so that trimming, not refusal, keeps the count down.
     */
    public static HostConfig connectionManager(RepoConfig cfg, HostConfig base) {
        JsonNode c = cfg.get("Swarm.ConnMgr").filter(n -> !n.isNull()).orElse(null);
        if (c == null) {
            return base;
        }
        if (!c.isObject()) {
            throw new RepoException("config Swarm.ConnMgr must be an object such as {\"Type\": \"basic\", "
                    + "\"LowWater\": 32, \"HighWater\": 96, \"GracePeriod\": \"20s\"}: " + c);
        }
        String type = field(c, "Type").map(JsonNode::asText).orElse("");
        if (field(c, "Type").isPresent() && !field(c, "Type").get().isTextual()) {
            throw new RepoException("config Swarm.ConnMgr.Type must be \"basic\" or \"none\": " + field(c, "Type").get());
        }
        switch (type) {
            case "", "basic" -> { }
            case "none" -> {
                int max = base.maxConnections();
                return base.withConnectionLimits(max, max, max, base.gracePeriod());
            }
            default -> throw new RepoException("config Swarm.ConnMgr.Type must be \"basic\" or \"none\": " + type);
        }
        int high = count(c, "HighWater", base.highWatermark());
        int low = count(c, "LowWater", base.lowWatermark());
        if (high < 1) {
            throw new RepoException("config Swarm.ConnMgr.HighWater must be at least 1: " + high);
        }
        if (low > high) {
            throw new RepoException("config Swarm.ConnMgr.LowWater (" + low + ") must not exceed HighWater (" + high
                    + ")");
        }
        Duration grace = base.gracePeriod();
        var g = field(c, "GracePeriod");
        if (g.isPresent()) {
            try {
                grace = Durations.parse(g.get().asText());
            } catch (IllegalArgumentException e) {
                throw new RepoException("config Swarm.ConnMgr.GracePeriod: " + e.getMessage());
            }
            if (grace.isNegative()) {
                throw new RepoException("config Swarm.ConnMgr.GracePeriod must not be negative: " + g.get().asText());
            }
        }
        int max = (int) Math.min(MAX_CONNECTIONS, Math.max(base.maxConnections(), 2L * high));
        return base.withConnectionLimits(max, high, low, grace);
    }

    private static java.util.Optional<JsonNode> field(JsonNode object, String name) {
        for (var it = object.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equalsIgnoreCase(name) && !object.get(f).isNull()) {
                return java.util.Optional.of(object.get(f));
            }
        }
        return java.util.Optional.empty();
    }

    private static int count(JsonNode c, String name, int dflt) {
        var v = field(c, name);
        if (v.isEmpty()) {
            return dflt;
        }
        if (!v.get().canConvertToExactIntegral() || !v.get().canConvertToLong() || v.get().asLong() < 0
                || v.get().asLong() > MAX_CONNECTIONS) {
            throw new RepoException("config Swarm.ConnMgr." + name + " must be a number of connections (0-"
                    + MAX_CONNECTIONS + "): " + v.get());
        }
        return (int) v.get().asLong();
    }

    /** A list of strings at {@code key}; absent or null is empty, anything else but strings is an error. */
    static List<String> strings(RepoConfig cfg, String key) {
        JsonNode n = cfg.get(key).filter(v -> !v.isNull()).orElse(null);
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new RepoException("config " + key + " must be a list of strings: " + n);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw new RepoException("config " + key + "[" + i + "] must be a string: " + n.get(i));
            }
            out.add(n.get(i).asText());
        }
        return out;
    }
}
