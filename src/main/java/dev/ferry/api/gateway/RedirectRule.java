package dev.ferry.api.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rule of a {@code _redirects} file: {@code from to [status]}. {@code from} is matched segment by segment against
 * a request's decoded path below the site root (a trailing slash on either side does not count): a literal segment
 * must be equal, {@code :name} takes any one segment, and a last segment {@code *} takes one or more (the splat).
 *
 * @param line        where the rule is in its file (1-based), for error messages
 * @param from        the decoded segments of {@code from}, each a literal or a placeholder
 * @param splat       whether {@code from} ends with {@code *}
 * @param to          the target as written: a path on the site or an absolute URL, with placeholders to expand
 * @param status      200 (rewrite), 301, 302, 303, 307, 308 (redirect), 404, 410 or 451 (a page with that status)
 */
record RedirectRule(int line, List<Part> from, boolean splat, String to, int status) {
    /** One segment of {@code from}. */
    sealed interface Part {
    }

    /** A segment that must appear as it is (decoded). */
    record Literal(String text) implements Part {
    }

    /** {@code :name}: any one segment, injected into {@code to} wherever {@code :name} appears. */
    record Placeholder(String name) implements Part {
    }

    RedirectRule {
        from = List.copyOf(from);
    }

    boolean isRedirect() {
        return status >= 300 && status < 400;
    }

    boolean isRewrite() {
        return status == 200;
    }

    /**
     * {@code to} with its placeholders filled in when the rule matches {@code segments} (decoded, non-empty), else
     * empty. Values are percent-encoded as path segments; the splat's segments are joined by '/'. A name that
     * {@code from} does not define stays as written (so {@code https://host:8080} is safe); {@code :splat} expands to
     * nothing in a rule without a splat.
     */
    Optional<String> expand(List<String> segments) {
        int fixed = from.size();
        if (splat ? segments.size() <= fixed : segments.size() != fixed) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < fixed; i++) {
            String seg = segments.get(i);
            switch (from.get(i)) {
                case Literal l -> {
                    if (!l.text().equals(seg)) {
                        return Optional.empty();
                    }
                }
                case Placeholder p -> values.put(p.name(), PercentCoding.encodeSegment(seg));
            }
        }
        List<String> rest = new ArrayList<>();
        for (String s : segments.subList(fixed, segments.size())) {
            rest.add(PercentCoding.encodeSegment(s));
        }
        values.put("splat", String.join("/", rest));
        return Optional.of(fill(to, values));
    }

    /** Replaces each {@code :name} (the longest run of name characters) that has a value; the rest stays. */
    private static String fill(String to, Map<String, String> values) {
        StringBuilder out = new StringBuilder(to.length() + 32);
        int i = 0;
        while (i < to.length()) {
            char c = to.charAt(i);
            if (c == ':') {
                int end = i + 1;
                while (end < to.length() && isNameChar(to.charAt(end))) {
                    end++;
                }
                String value = values.get(to.substring(i + 1, end));
                if (end > i + 1 && value != null) {
                    out.append(value);
                    i = end;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
