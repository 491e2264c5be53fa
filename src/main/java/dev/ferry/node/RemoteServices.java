package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.node.repo.RepoConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Remote pinning services in the config, as Kubo keeps them: {@code Pinning.RemoteServices.<name>.API.Endpoint}
 * (an http(s) URL; requests go to {@code <endpoint>/pins}) and {@code .API.Key} (the bearer token).
 */
public final class RemoteServices {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RemoteServices() {}

    /** A configured service. */
    public record Service(String name, URI endpoint, String key) {}

    /** Every configured service, sorted by name. */
    public static Map<String, Service> list(RepoConfig cfg) {
        Map<String, Service> out = new TreeMap<>();
        JsonNode all = cfg.get("Pinning.RemoteServices").orElse(null);
        if (all != null && all.isObject()) {
            all.fields().forEachRemaining(e -> get(cfg, e.getKey()).ifPresent(s -> out.put(e.getKey(), s)));
        }
        return out;
    }

    public static Optional<Service> get(RepoConfig cfg, String name) {
        JsonNode s = cfg.get("Pinning.RemoteServices").map(n -> n.get(name)).orElse(null);
        if (s == null || !s.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Service(name, URI.create(s.path("API").path("Endpoint").asText()),
                    s.path("API").path("Key").asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Adds a service to {@code cfg}.
     *
     * @throws IllegalArgumentException a bad name, endpoint or key, or a name already taken
     */
    public static void add(RepoConfig cfg, String name, String endpoint, String key) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a service name is 1-64 letters, digits, '.', '_' or '-': " + name);
        }
        String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        URI uri;
        try {
            uri = URI.create(e);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("invalid endpoint: " + endpoint);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("a service endpoint is an http or https URL: " + endpoint);
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a service needs its access key");
        }
        if (get(cfg, name).isPresent()) {
            throw new IllegalArgumentException("service already present: " + name);
        }
        ObjectNode service = JsonNodeFactory.instance.objectNode();
        service.putObject("API").put("Endpoint", uri.toString()).put("Key", key);
        service.putObject("Policies");
        cfg.set("Pinning.RemoteServices." + name, service);
    }

    /** Removes a service from {@code cfg}; IllegalArgumentException when there is none of that name. */
    public static void remove(RepoConfig cfg, String name) {
        if (get(cfg, name).isEmpty()) {
            throw new IllegalArgumentException("service not known: " + name);
        }
        ObjectNode services = (ObjectNode) cfg.get("Pinning.RemoteServices").orElseThrow().deepCopy();
        services.remove(name);
        cfg.set("Pinning.RemoteServices", services);
    }
}
