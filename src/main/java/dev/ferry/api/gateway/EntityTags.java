package dev.ferry.api.gateway;

/** {@code If-None-Match} against a response's ETag (RFC 9110 section 13.1.2: weak comparison). */
final class EntityTags {
    /** Longest header compared; longer ones never match. */
    static final int MAX_LENGTH = 8192;

    private EntityTags() {
    }

    /** True when {@code ifNoneMatch} lists {@code etag} (weakly) or is {@code *}. Never throws. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null || ifNoneMatch.length() > MAX_LENGTH) {
            return false;
        }
        String want = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || (!c.isEmpty() && opaque(c).equals(want))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
