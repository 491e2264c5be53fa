package dev.ferry.api.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Remote pinning services' access keys never leave the node through the config commands (as in Kubo). */
final class RemotePinKeys {
    static final String MASK = "[redacted]";

    private RemotePinKeys() {}

    /** Masks the {@code API.Key} of one service's config object. */
    static void mask(JsonNode service) {
        if (service.get("API") instanceof ObjectNode api && api.has("Key")) {
            api.set("Key", TextNode.valueOf(MASK));
        }
    }

    /** Masks every {@code API.Key} anywhere under {@code n} (a {@code Pinning...} value). */
    static void maskWithin(JsonNode n) {
        if (n instanceof ObjectNode o) {
            mask(o);
            o.elements().forEachRemaining(RemotePinKeys::maskWithin);
        }
    }
}
