package dev.ferry.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.RepoConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds each surface's {@link HttpAccess} from the repository config, in Kubo's shape:
 * <pre>
 * "API": {
 *   "Authorizations": { "alice": { "AuthSecret": "bearer:…", "AllowedPaths": ["/api/v0"] } },
 *   "HTTPHeaders": { "Access-Control-Allow-Origin": ["https://app.example"] }
 * },
 * "Gateway": { "HTTPHeaders": { "Access-Control-Allow-Origin": ["*"] } }
 * </pre>
 * Both surfaces share the tokens (a token's {@code AllowedPaths} says which of {@code /api/v0} and {@code /ipfs} it
 * opens); each has its own allowed origins.
 */
public final class HttpAccessConfig {
    private HttpAccessConfig() {}

    public static HttpAccess api(RepoConfig cfg) {
        return HttpAccess.of(tokens(cfg), origins(cfg, "API.HTTPHeaders"));
    }

    public static HttpAccess gateway(RepoConfig cfg) {
        return HttpAccess.of(tokens(cfg), origins(cfg, "Gateway.HTTPHeaders"));
    }

    static List<AccessToken> tokens(RepoConfig cfg) {
        List<AccessToken> out = new ArrayList<>();
        JsonNode auth = cfg.get("API.Authorizations").orElse(null);
        if (auth == null || auth.isNull()) {
            return out;
        }
        if (!auth.isObject()) {
            throw new IllegalArgumentException("API.Authorizations must be an object of named tokens");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = auth.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode secret = e.getValue().path("AuthSecret");
            if (!secret.isTextual()) {
                throw new IllegalArgumentException("API.Authorizations." + e.getKey() + ".AuthSecret must be a string");
            }
            List<String> paths = new ArrayList<>();
            for (JsonNode p : e.getValue().path("AllowedPaths")) {
                if (!p.isTextual() || !p.asText().startsWith("/")) {
                    throw new IllegalArgumentException("API.Authorizations." + e.getKey()
                            + ".AllowedPaths entries must be paths starting with '/': " + p);
                }
                paths.add(p.asText());
            }
            out.add(AccessToken.of(e.getKey(), secret.asText(), paths));
        }
        return out;
    }

    private static List<String> origins(RepoConfig cfg, String headersKey) {
        List<String> out = new ArrayList<>();
        cfg.get(headersKey).ifPresent(h -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase("Access-Control-Allow-Origin")) {
                    e.getValue().forEach(v -> out.add(v.asText()));
                    if (e.getValue().isTextual()) {
                        out.add(e.getValue().asText());
                    }
                }
            }
        });
        return out;
    }
}
