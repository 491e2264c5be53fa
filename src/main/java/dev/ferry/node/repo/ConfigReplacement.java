package dev.ferry.node.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The rules of Kubo's {@code config replace}: the new config is taken whole, except what never travels through the
 * config commands. The identity stays (a private key in the new config is refused, its peer ID may not change);
 * remote pinning services keep their access keys (given empty, masked or unchanged) and cannot be added or removed; an API access secret shown masked
 * (or left out) keeps its value.
 */
public final class ConfigReplacement {
    private ConfigReplacement() {}

    /**
     * The config that replacing {@code old} with {@code json} gives; {@code mask} is the text secrets are shown as.
     *
     * @throws RepoException when {@code json} is no config object or breaks one of the rules
     */
    public static RepoConfig replace(RepoConfig old, byte[] json, String mask) {
        RepoConfig parsed;
        try {
            parsed = RepoConfig.parse(new String(json, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RepoException e) {
            throw new RepoException("failed to decode file as config: " + e.getMessage());
        }
        ObjectNode next = (ObjectNode) parsed.tree();
        ObjectNode before = (ObjectNode) old.tree();
        JsonNode identity = next.path("Identity");
        if (identity.has("PrivKey")) {
            throw new RepoException("setting private key with API is not supported");
        }
        String peerId = before.path("Identity").path("PeerID").asText();
        if (identity.has("PeerID") && !identity.path("PeerID").asText().equals(peerId)) {
            throw new RepoException("the identity (Identity.PeerID) cannot be changed with 'config replace'");
        }
        next.set("Identity", before.path("Identity").deepCopy());
        keepRemoteServices(before, next, mask);
        keepAuthSecrets(before, next, mask);
        return RepoConfig.parse(next.toString());
    }

    private static void keepRemoteServices(ObjectNode before, ObjectNode next, String mask) {
        JsonNode oldServices = before.path("Pinning").path("RemoteServices");
        JsonNode newServices = next.path("Pinning").path("RemoteServices");
        if (names(oldServices).size() != names(newServices).size() || !names(oldServices).equals(names(newServices))) {
            throw new RepoException("cannot add or remove remote pinning services with 'config replace'");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = oldServices.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ObjectNode service = (ObjectNode) newServices.get(e.getKey());
            JsonNode oldApi = e.getValue().path("API");
            JsonNode api = service.path("API");
            String key = api.path("Key").asText("");
            String endpoint = api.path("Endpoint").asText("");
            if ((!key.isEmpty() && !key.equals(mask) && !key.equals(oldApi.path("Key").asText("")))
                    || (!endpoint.isEmpty() && !endpoint.equals(oldApi.path("Endpoint").asText("")))) {
                throw new RepoException("cannot change remote pinning services api info with 'config replace'");
            }
            service.set("API", oldApi.deepCopy());
        }
    }

    private static void keepAuthSecrets(ObjectNode before, ObjectNode next, String mask) {
        JsonNode oldAuth = before.path("API").path("Authorizations");
        if (!(next.path("API").get("Authorizations") instanceof ObjectNode auth)) {
            return;
        }
        auth.fields().forEachRemaining(e -> {
            if (e.getValue() instanceof ObjectNode entry) {
                String secret = entry.path("AuthSecret").asText("");
                JsonNode kept = oldAuth.path(e.getKey()).get("AuthSecret");
                if ((secret.isEmpty() || secret.equals(mask)) && kept != null) {
                    entry.set("AuthSecret", kept.deepCopy());
                } else if (secret.equals(mask)) {
                    throw new RepoException("API.Authorizations." + e.getKey() + ".AuthSecret is masked, and there "
                            + "is no secret of that name to keep");
                }
            }
        });
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new HashSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
