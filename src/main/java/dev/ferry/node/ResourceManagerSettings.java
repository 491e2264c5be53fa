package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.ResourceAllowlist;
import dev.ferry.net.host.ResourceLimitConfig;
import dev.ferry.net.host.ResourceLimits;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code Swarm.ResourceMgr} and its {@code libp2p-resource-limit-overrides.json}, read strictly (a bad value is
 * a {@link RepoException} naming the key, and the daemon does not start):
 * <ul>
 *   <li>{@code Enabled} (default true; false: only the host's static caps);
 *   <li>{@code MaxMemory} ({@code "4GB"}, {@code "2GiB"} or bytes; default
 *       {@link ResourceLimitConfig#defaultMaxMemory()}) and {@code MaxFileDescriptors} (default half the process's
 *       limit), from which the limits are scaled ({@link ResourceLimitConfig#scaled});
 *   <li>{@code Allowlist}: addresses the system, transient and peer connection limits never refuse;
 *   <li>the overrides file in the repository: {@code {"System": {"StreamsInbound": 100}, "Transient": {…},
 *       "ProtocolDefault": {…}, "Protocol": {"/id": {…}}, "PeerDefault": {…}, "Peer": {"12D3…": {…}}}}, each value a
 *       count, {@code "unlimited"}, {@code "blockAll"} or {@code "default"}; a specific protocol or peer starts from
 *       the defaults of its kind.
 * </ul>
 */
public final class ResourceManagerSettings {
    /** Kubo's file name, in the repository directory. */
    public static final String OVERRIDES_FILE = "libp2p-resource-limit-overrides.json";

    private static final Set<String> KUBO_ONLY_SCOPES = Set.of("Service", "ServiceDefault", "ServicePeer",
            "ServicePeerDefault", "ProtocolPeer", "ProtocolPeerDefault", "Conn", "Stream", "AllowlistedSystem",
            "AllowlistedTransient");
    private static final String SCOPES = "System, Transient, ProtocolDefault, Protocol, PeerDefault, Peer";

    private ResourceManagerSettings() {}

    /** {@code base} with the limits {@code Swarm.ResourceMgr} and the overrides file in {@code repoDir} ask for. */
    public static HostConfig apply(RepoConfig cfg, Path repoDir, HostConfig base) {
        JsonNode rm = cfg.get("Swarm.ResourceMgr").filter(n -> !n.isNull()).orElse(null);
        if (rm != null && !rm.isObject()) {
            throw new RepoException("config Swarm.ResourceMgr must be an object such as {\"Enabled\": true, "
                    + "\"MaxMemory\": \"2GB\"}: " + rm);
        }
        JsonNode enabledNode = cfg.get("Swarm.ResourceMgr.Enabled").filter(n -> !n.isNull()).orElse(null);
        if (enabledNode != null && !enabledNode.isBoolean()) {
            throw new RepoException("config Swarm.ResourceMgr.Enabled must be true or false: " + enabledNode);
        }
        JsonNode limits = cfg.get("Swarm.ResourceMgr.Limits").filter(n -> !n.isNull()).orElse(null);
        if (limits != null && !limits.isEmpty()) {
            throw new RepoException("config Swarm.ResourceMgr.Limits is no longer read (as in Kubo 0.19 and later):"
                    + " move the limits to " + OVERRIDES_FILE + " in the repository");
        }
        long maxMemory = PinningSettings.size(cfg, "Swarm.ResourceMgr.MaxMemory",
                ResourceLimitConfig.defaultMaxMemory());
        if (maxMemory <= 0) {
            throw new RepoException("config Swarm.ResourceMgr.MaxMemory must be more than 0 bytes");
        }
        long maxFd = ResourceLimitConfig.defaultMaxFileDescriptors();
        JsonNode fd = cfg.get("Swarm.ResourceMgr.MaxFileDescriptors").filter(n -> !n.isNull()).orElse(null);
        if (fd != null) {
            if (!fd.canConvertToExactIntegral() || !fd.canConvertToLong() || fd.asLong() <= 0) {
                throw new RepoException("config Swarm.ResourceMgr.MaxFileDescriptors must be a number more than 0: "
                        + fd);
            }
            maxFd = fd.asLong();
        }
        ResourceAllowlist allowlist;
        try {
            allowlist = ResourceAllowlist.parse(SwarmSettings.strings(cfg, "Swarm.ResourceMgr.Allowlist"));
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Swarm.ResourceMgr.Allowlist: " + e.getMessage());
        }
        ResourceLimitConfig r = ResourceLimitConfig.scaled(maxMemory, maxFd, base.maxConnections(),
                        base.maxPendingInbound())
                .withAllowlist(allowlist)
                .withEnabled(enabledNode == null || enabledNode.asBoolean());
        Path file = repoDir.resolve(OVERRIDES_FILE);
        if (Files.exists(file)) {
            r = overrides(r, read(file));
        }
        return base.withResources(r);
    }

    private static JsonNode read(Path file) {
        try {
            return dev.ferry.node.repo.JsonTree.read(Files.readString(file));
        } catch (IOException e) {
            throw new RepoException(OVERRIDES_FILE + " is not valid JSON: " + e.getMessage());
        }
    }

    /** {@code base} with the overrides file's limits; the defaults of a kind first, then specific protocols/peers. */
    static ResourceLimitConfig overrides(ResourceLimitConfig base, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new RepoException(OVERRIDES_FILE + " must be a JSON object such as "
                    + "{\"System\": {\"StreamsInbound\": 100}}: " + root);
        }
        ResourceLimitConfig r = base;
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String scope = it.next();
            JsonNode v = root.get(scope);
            switch (scope) {
                case "System" -> r = r.withSystem(limits(r.system(), v, scope));
                case "Transient" -> r = r.withTransient(limits(r.transientLimits(), v, scope));
                case "ProtocolDefault" -> r = r.withProtocolDefault(limits(r.protocolDefault(), v, scope));
                case "PeerDefault" -> r = r.withPeerDefault(limits(r.peerDefault(), v, scope));
                case "Protocol", "Peer" -> {
                    if (!v.isNull() && !v.isObject()) {
                        throw new RepoException(OVERRIDES_FILE + ": " + scope + " must be an object of limits by "
                                + (scope.equals("Peer") ? "peer id" : "protocol id") + ": " + v);
                    }
                }
                default -> throw new RepoException(OVERRIDES_FILE + ": " + scope + (KUBO_ONLY_SCOPES.contains(scope)
                        ? " is a scope of Kubo's that ferry does not have" : " is no scope") + " (ferry's are "
                        + SCOPES + ")");
            }
        }
        for (Map.Entry<String, JsonNode> e : fields(root.get("Protocol"))) {
            String key = "Protocol." + e.getKey();
            r = r.withProtocol(e.getKey(), limits(r.protocolDefault(), e.getValue(), key));
        }
        for (Map.Entry<String, JsonNode> e : fields(root.get("Peer"))) {
            String key = "Peer." + e.getKey();
            PeerId peer;
            try {
                peer = PeerId.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new RepoException(OVERRIDES_FILE + ": " + key + " is not a peer id: " + ex.getMessage());
            }
            r = r.withPeer(peer, limits(r.peerDefault(), e.getValue(), key));
        }
        return r;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(out::add);
        }
        return out;
    }

    private static ResourceLimits limits(ResourceLimits base, JsonNode object, String key) {
        if (object.isNull()) {
            return base;
        }
        if (!object.isObject()) {
            throw new RepoException(OVERRIDES_FILE + ": " + key + " must be an object of limits such as "
                    + "{\"StreamsInbound\": 100}: " + object);
        }
        ResourceLimits out = base;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!ResourceLimits.NAMES.contains(name)) {
                throw new RepoException(OVERRIDES_FILE + ": " + key + "." + name + " is no limit (the limits are "
                        + String.join(", ", ResourceLimits.NAMES) + ")");
            }
            JsonNode v = e.getValue();
            if (v.isNull() || (v.isTextual() && v.asText().equals("default"))) {
                continue;
            }
            long value;
            if (v.isTextual() && v.asText().equals("unlimited")) {
                value = ResourceLimits.UNLIMITED;
            } else if (v.isTextual() && v.asText().equals("blockAll")) {
                value = 0;
            } else if (v.canConvertToExactIntegral() && v.canConvertToLong() && v.asLong() >= 0) {
                value = v.asLong();
            } else {
                throw new RepoException(OVERRIDES_FILE + ": " + key + "." + name + " must be a number of 0 or more, "
                        + "\"unlimited\", \"blockAll\" or \"default\": " + v);
            }
            out = out.with(name, value);
        }
        return out;
    }
}
