package dev.ferry.api.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ferry.node.Node;
import dev.ferry.node.repo.ConfigBackup;
import dev.ferry.node.repo.ConfigProfile;
import dev.ferry.node.repo.ConfigReplacement;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Kubo's {@code config KEY [VALUE]} ({@code {"Key","Value"}}), {@code config/show} (the whole config),
 * {@code config/replace} and {@code config/profile/apply} ({@code {"OldCfg","NewCfg"}}). Access
 * secrets are masked and private keys refused, as Kubo does; a change is saved before the answer and takes effect
 * on the next start.
 */
final class ConfigRpc {
    private static final String MASK = "[redacted]";
    /** Far larger than any config. */
    private static final int MAX_CONFIG = 4 * 1024 * 1024;

    private final Node node;
    /** Held around every change of a config through the API (read, change, save), by every command that changes one. */
    static final ReentrantLock LOCK = new ReentrantLock();

    private ConfigRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        ConfigRpc c = new ConfigRpc(node);
        server.register("config", Set.of("bool", "json"), c::config);
        server.register("config/show", Set.of(), c::show);
        server.register("config/replace", Set.of(), c::replace);
        server.register("config/profile/apply", Set.of("dry-run"), c::applyProfile);
    }

    /** Kubo's {@code config/replace}: the file part is the new config, under {@link ConfigReplacement}'s rules. */
    private RpcResponse replace(RpcRequest r) throws java.io.IOException {
        if (r.contentType() == null || !r.contentType().startsWith("multipart/")) {
            throw RpcException.badRequest("argument \"file\" is required");
        }
        var part = r.multipart(MultipartLimits.defaults()).next()
                .orElseThrow(() -> RpcException.badRequest("argument \"file\" is required"));
        byte[] json = part.body().readNBytes(MAX_CONFIG + 1);
        if (json.length > MAX_CONFIG) {
            throw RpcException.badRequest("the config is larger than " + MAX_CONFIG + " bytes");
        }
        LOCK.lock();
        try {
            node.repo().saveConfig(ConfigReplacement.replace(node.repo().config(), json, MASK));
        } catch (RepoException e) {
            throw RpcException.badRequest(e.getMessage());
        } finally {
            LOCK.unlock();
        }
        return new RpcResponse.Stream("text/plain", out -> { });
    }

    /** Kubo's {@code config/profile/apply}: {@code {"OldCfg", "NewCfg"}}, secrets masked; saved unless a dry run. */
    private RpcResponse applyProfile(RpcRequest r) {
        ConfigProfile profile = ConfigProfile.byName(r.arg());
        boolean dryRun = r.boolOption("dry-run", false);
        LOCK.lock();
        try {
            RepoConfig old = node.repo().config();
            RepoConfig updated = profile.applyTo(old);
            if (!dryRun) {
                ConfigBackup.write(node.repo().path(), profile.profileName(), old);
                node.repo().saveConfig(updated);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("OldCfg", masked(old.tree()));
            out.put("NewCfg", masked(updated.tree()));
            return new RpcResponse.Json(out);
        } finally {
            LOCK.unlock();
        }
    }

    private RpcResponse config(RpcRequest r) {
        String key = r.arg();
        boolean json = r.boolOption("json", false);
        boolean bool = r.boolOption("bool", false);
        if (r.args().size() > 2) {
            throw RpcException.badRequest("config takes a key and at most one value");
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.equals("identity.privkey") || lower.startsWith("identity.privkey.")) {
            throw new RpcException(500, "cannot show or change private key through API");
        }
        LOCK.lock();
        try {
            RepoConfig cfg = node.repo().config();
            if (r.args().size() == 1) {
                JsonNode v;
                try {
                    v = cfg.get(key).orElseThrow(() -> new RpcException(500,
                            "failed to get config value: key \"" + key + "\" has no attributes"));
                } catch (RepoException e) {
                    throw RpcException.badRequest(e.getMessage());
                }
                return new RpcResponse.Json(keyValue(key, redact(key, v)));
            }
            if (lower.startsWith("identity")) {
                throw new RpcException(500, "the identity cannot be changed through the API");
            }
            String text = r.args().get(1);
            JsonNode value;
            try {
                if (bool) {
                    if (!text.equals("true") && !text.equals("false")) {
                        throw RpcException.badRequest("bool takes true or false, not '" + text + "'");
                    }
                    value = RepoConfig.parseValue(text, true);
                } else {
                    value = RepoConfig.parseValue(text, json);
                }
                RepoConfig updated = RepoConfig.parse(cfg.toJson());
                updated.set(key, value);
                node.repo().saveConfig(updated);
            } catch (RepoException e) {
                throw RpcException.badRequest(e.getMessage());
            }
            return new RpcResponse.Json(keyValue(key, redact(key, value)));
        } finally {
            LOCK.unlock();
        }
    }

    private RpcResponse show(RpcRequest r) {
        LOCK.lock();
        try {
            return new RpcResponse.Json(masked(node.repo().config().tree()));
        } finally {
            LOCK.unlock();
        }
    }

    /** The config as the API shows it: no private key, access secrets masked (changes {@code tree}). */
    static JsonNode masked(JsonNode tree) {
        if (tree.get("Identity") instanceof ObjectNode id) {
            id.remove("PrivKey");
        }
        if (tree.path("API").get("Authorizations") instanceof ObjectNode auth) {
            auth.fields().forEachRemaining(e -> {
                if (e.getValue() instanceof ObjectNode o && o.has("AuthSecret")) {
                    o.set("AuthSecret", TextNode.valueOf(MASK));
                }
            });
        }
        if (tree.path("Pinning").get("RemoteServices") instanceof ObjectNode services) {
            services.elements().forEachRemaining(RemotePinKeys::mask);
        }
        return tree;
    }

    /** Access secrets never leave the node. */
    private static JsonNode redact(String key, JsonNode v) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.startsWith("pinning")) {
            if (lower.endsWith(".api.key")) {
                return TextNode.valueOf(MASK);
            }
            JsonNode copy = v.deepCopy();
            RemotePinKeys.maskWithin(copy);
            return copy;
        }
        if (!lower.startsWith("api")) {
            return v;
        }
        JsonNode copy = v.deepCopy();
        if (lower.endsWith(".authsecret")) {
            return TextNode.valueOf(MASK);
        }
        maskSecrets(copy);
        return copy;
    }

    private static void maskSecrets(JsonNode n) {
        if (n instanceof ObjectNode o) {
            if (o.has("AuthSecret")) {
                o.set("AuthSecret", TextNode.valueOf(MASK));
            }
            o.elements().forEachRemaining(ConfigRpc::maskSecrets);
        }
    }

    private static Map<String, Object> keyValue(String key, JsonNode value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Key", key);
        out.put("Value", value);
        return out;
    }
}
