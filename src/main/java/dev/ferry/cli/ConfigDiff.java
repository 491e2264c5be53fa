package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differences between two configs, one value per line: {@code - Key.Path: old} and {@code + Key.Path: new}
 * (values as compact JSON, arrays whole), in key order.
 */
final class ConfigDiff {
    private ConfigDiff() {}

    static List<String> lines(JsonNode before, JsonNode after) {
        Map<String, String> a = flatten(before);
        Map<String, String> b = flatten(after);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String x = a.get(k);
            String y = b.get(k);
            if (Objects.equals(x, y)) {
                continue;
            }
            if (x != null) {
                out.add("- " + k + ": " + x);
            }
            if (y != null) {
                out.add("+ " + k + ": " + y);
            }
        }
        return out;
    }

    private static Map<String, String> flatten(JsonNode root) {
        Map<String, String> out = new TreeMap<>();
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject() && !n.isEmpty()) {
            n.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (!prefix.isEmpty()) {
            out.put(prefix, n.toString());
        }
    }
}
