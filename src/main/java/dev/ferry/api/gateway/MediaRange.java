package dev.ferry.api.gateway;

import java.util.Map;

/**
 * One entry of an Accept header: {@code type/subtype} (lower case) with its parameters (names lower case) and its
 * weight {@code q} (0..1, default 1).
 */
record MediaRange(String type, String subtype, Map<String, String> params, double q) {
    MediaRange {
        params = Map.copyOf(params);
    }

    String mediaType() {
        return type + "/" + subtype;
    }

    boolean is(String mediaType) {
        return mediaType().equals(mediaType);
    }
}
