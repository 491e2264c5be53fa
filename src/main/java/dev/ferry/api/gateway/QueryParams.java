package dev.ferry.api.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The query string's parameters (the first value of each name wins), decoded. */
record QueryParams(Map<String, String> values) {
    /** More parameters than this are refused. */
    static final int MAX_PARAMS = 64;

    QueryParams {
        values = Map.copyOf(values);
    }

    /**
     * @param rawQuery the raw query (without '?'), or null
     * @throws GatewayException 400 for broken escapes or too many parameters
     */
    static QueryParams parse(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParams(out);
        }
        String[] pairs = rawQuery.split("&", -1);
        if (pairs.length > MAX_PARAMS) {
            throw GatewayException.badRequest("more than " + MAX_PARAMS + " query parameters");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = PercentCoding.decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : PercentCoding.decode(pair.substring(eq + 1), true);
            out.putIfAbsent(name, value);
        }
        return new QueryParams(out);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
