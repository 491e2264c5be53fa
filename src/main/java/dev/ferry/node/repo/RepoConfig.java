package dev.ferry.node.repo;

import dev.ferry.store.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's JSON config, in Kubo's shape wherever Kubo has the same setting ({@code Addresses.Swarm},
 * {@code Addresses.API}, {@code Addresses.Gateway}, {@code Peering.Peers}, {@code Import.*}, {@code Datastore.*}).
 * Keys are dotted paths; lookup tolerates case differences as Kubo's does. Not thread-safe: one owner per instance.
 */
public final class RepoConfig {
    /** Writes configs; built on first use, as reading needs no mapper (see {@link JsonTree}). */
    private static final class Writer {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final ObjectNode root;

    private RepoConfig(ObjectNode root) {
        this.root = root;
    }

    /** The defaults a new repository starts with. */
    public static RepoConfig defaults(String peerId) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode identity = root.putObject("Identity");
        if (peerId != null) {
            identity.put("PeerID", peerId);
        }
        ObjectNode addresses = root.putObject("Addresses");
        addresses.putArray("Swarm").add("/ip4/0.0.0.0/tcp/4001").add("/ip6/::/tcp/4001");
        addresses.put("API", "/ip4/127.0.0.1/tcp/5001");
        addresses.put("Gateway", "/ip4/127.0.0.1/tcp/8080");
        addresses.putArray("Announce");
        root.putObject("Peering").putArray("Peers");
        ObjectNode datastore = root.putObject("Datastore");
        datastore.put("StorageMax", RepoStat.DEFAULT_STORAGE_MAX);
        datastore.put("StorageGCWatermark", 90);
        datastore.put("GCPeriod", "1h");
        datastore.put("GroupCommitBytes", 64L << 20);
        ObjectNode imp = root.putObject("Import");
        imp.put("CidVersion", 0);
        imp.put("UnixFSRawLeaves", false);
        imp.put("UnixFSChunker", "size-262144");
        imp.put("HashFunction", "sha2-256");
        ObjectNode gw = root.putObject("Gateway");
        gw.putArray("Fallback");
        root.putObject("API").putObject("Authorizations");
        ObjectNode pubsub = root.putObject("Pubsub");
        pubsub.put("Enabled", true);
        pubsub.put("Router", "gossipsub");
        pubsub.put("DisableSigning", false);
        return new RepoConfig(root);
    }

    public static RepoConfig parse(String json) {
        try {
            JsonNode node = JsonTree.read(json);
            if (!(node instanceof ObjectNode obj)) {
                throw new RepoException("config is not a JSON object");
            }
            return new RepoConfig(obj);
        } catch (JsonProcessingException e) {
            throw new RepoException("config is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RepoException("config is not valid JSON: " + e.getMessage());
        }
    }

    public static RepoConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new RepoException("cannot read config " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the config atomically: a crash leaves either the old or the new file, never a torn one. */
    public void save(Path file) {
        try {
            AtomicFiles.write(file, toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RepoException("cannot write config " + file + ": " + e.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return Writer.JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value at a dotted key, if present. */
    public Optional<JsonNode> get(String key) {
        JsonNode cur = root;
        for (String part : split(key)) {
            if (!(cur instanceof ObjectNode obj)) {
                return Optional.empty();
            }
            String actual = fieldName(obj, part);
            if (actual == null) {
                return Optional.empty();
            }
            cur = obj.get(actual);
        }
        return Optional.of(cur);
    }

    /** Sets a dotted key, creating the objects on the way; an existing key keeps its spelling. */
    public void set(String key, JsonNode value) {
        List<String> parts = split(key);
        ObjectNode cur = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            String actual = fieldName(cur, parts.get(i));
            JsonNode next = actual == null ? null : cur.get(actual);
            if (next == null || next.isNull()) {
                cur = cur.putObject(actual == null ? parts.get(i) : actual);
            } else if (next instanceof ObjectNode obj) {
                cur = obj;
            } else {
                throw new RepoException("config key " + String.join(".", parts.subList(0, i + 1)) + " is not an object");
            }
        }
        String last = parts.getLast();
        String actual = fieldName(cur, last);
        cur.set(actual == null ? last : actual, value);
    }

    /** Parses a value as given on the command line: JSON with {@code --json}, else a plain string. */
    public static JsonNode parseValue(String text, boolean json) {
        if (!json) {
            return TextNode.valueOf(text);
        }
        try {
            return JsonTree.read(text);
        } catch (JsonProcessingException e) {
            throw new RepoException("value is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RepoException("value is not valid JSON: " + e.getMessage());
        }
    }

    public String string(String key, String dflt) {
        return get(key).filter(n -> !n.isNull()).map(JsonNode::asText).orElse(dflt);
    }

    public long number(String key, long dflt) {
        return get(key).filter(JsonNode::canConvertToLong).map(JsonNode::asLong).orElse(dflt);
    }

    public boolean bool(String key, boolean dflt) {
        return get(key).filter(JsonNode::isBoolean).map(JsonNode::asBoolean).orElse(dflt);
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        get(key).filter(JsonNode::isArray).ifPresent(a -> ((ArrayNode) a).forEach(n -> out.add(n.asText())));
        return out;
    }

    /** A deep copy of the whole config. */
    public JsonNode tree() {
        return root.deepCopy();
    }

    private static List<String> split(String key) {
        if (key == null || key.isBlank()) {
            throw new RepoException("config key is empty");
        }
        List<String> parts = List.of(key.split("\\.", -1));
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new RepoException("config key '" + key + "' has an empty part");
            }
        }
        return parts;
    }

    private static String fieldName(ObjectNode obj, String wanted) {
        if (obj.has(wanted)) {
            return wanted;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (name.equalsIgnoreCase(wanted)) {
                return name;
            }
        }
        return null;
    }
}
