package dev.ferry.api.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code Location} of a {@code _redirects} redirect: the rule's target with the request's query parameters kept
 * (the spec's "Query Parameters"): the target's own parameters stay unless the request gives the same name, whose
 * value then wins; the request's follow in their order. Characters outside printable ASCII are percent-encoded
 * (UTF-8), so the header stays valid whatever the file holds.
 */
final class RedirectLocation {
    private RedirectLocation() {
    }

    static String of(String target, String rawQuery) {
        String fragment = "";
        int hash = target.indexOf('#');
        if (hash >= 0) {
            fragment = target.substring(hash);
            target = target.substring(0, hash);
        }
        String base = target;
        String targetQuery = "";
        int q = target.indexOf('?');
        if (q >= 0) {
            base = target.substring(0, q);
            targetQuery = target.substring(q + 1);
        }
        List<String> userPairs = pairs(rawQuery == null ? "" : rawQuery);
        Set<String> userNames = new HashSet<>();
        for (String p : userPairs) {
            userNames.add(name(p));
        }
        List<String> merged = new ArrayList<>();
        for (String p : pairs(targetQuery)) {
            if (!userNames.contains(name(p))) {
                merged.add(p);
            }
        }
        merged.addAll(userPairs);
        String location = base + (merged.isEmpty() ? "" : "?" + String.join("&", merged)) + fragment;
        return ascii(location);
    }

    private static List<String> pairs(String query) {
        List<String> out = new ArrayList<>();
        for (String p : query.split("&")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** A pair's name, decoded when it can be (so {@code a%62} and {@code ab} are one name). */
    private static String name(String pair) {
        int eq = pair.indexOf('=');
        String raw = eq < 0 ? pair : pair.substring(0, eq);
        try {
            return PercentCoding.decode(raw, true);
        } catch (GatewayException e) {
            return raw;
        }
    }

    private static String ascii(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
