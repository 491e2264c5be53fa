package dev.ferry.api.gateway;

import dev.ferry.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable content path {@code /ipfs/{cid}[/{segment}...][/]}, decoded and checked.
 *
 * @param root          the content root
 * @param rootText      the CID as written in the request (kept for headers and redirects)
 * @param segments      the decoded path segments below the root, never empty, ".", "..", nor holding '/' or controls
 * @param trailingSlash whether the request path ended with '/'
 */
record ContentPath(Cid root, String rootText, List<String> segments, boolean trailingSlash, String shownPrefix,
                   int hiddenSegments) {
    static final String PREFIX = "/ipfs/";
    /** Deepest path accepted. */
    static final int MAX_SEGMENTS = 256;

    ContentPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses the raw (still percent-encoded) request path, which must start with {@code /ipfs/}.
     *
     * @throws GatewayException 400 for a malformed path: no or bad CID, broken escapes, empty, "." or ".." segments,
     *                          an encoded '/', NUL or other control characters
     */
    static ContentPath parse(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            throw GatewayException.badRequest("not an /ipfs/ path");
        }
        String rest = rawPath.substring(PREFIX.length());
        boolean trailing = rest.endsWith("/");
        if (trailing) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] parts = rest.split("/", -1);
        if (parts.length - 1 > MAX_SEGMENTS) {
            throw GatewayException.badRequest("path deeper than " + MAX_SEGMENTS + " segments");
        }
        String cidText = PercentCoding.decode(parts[0], false);
        if (cidText.isEmpty()) {
            throw GatewayException.badRequest("no CID in the path");
        }
        Cid root;
        try {
            root = Cid.parse(cidText);
        } catch (RuntimeException e) {
            // a foreign parser: whatever it throws, the CID is not valid
            throw GatewayException.badRequest("invalid CID \"" + printable(cidText) + "\"");
        }
        List<String> segments = new ArrayList<>(parts.length - 1);
        for (int i = 1; i < parts.length; i++) {
            segments.add(checkSegment(PercentCoding.decode(parts[i], false)));
        }
        return new ContentPath(root, cidText, segments, trailing, PREFIX + PercentCoding.encodeSegment(cidText), 0);
    }

    /**
     * The same content shown under the path it was asked by: {@code shownPrefix} (an encoded {@code /ipns/NAME})
     * stands for the root and the first {@code hiddenSegments} segments (those the name's record points into).
     */
    ContentPath shownAs(String prefix, int hidden) {
        return new ContentPath(root, rootText, segments, trailingSlash, prefix, hidden);
    }

    private static String checkSegment(String s) {
        if (s.isEmpty()) {
            throw GatewayException.badRequest("empty path segment");
        }
        if (s.equals(".") || s.equals("..")) {
            throw GatewayException.badRequest("relative path segment \"" + s + "\"");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/') {
                throw GatewayException.badRequest("encoded '/' in a path segment");
            }
            if (c < 0x20 || c == 0x7f) {
                throw GatewayException.badRequest("control character in the path");
            }
        }
        return s;
    }

    /** The path as a URL path (segments percent-encoded), e.g. for Location and X-Ipfs-Path. */
    String encoded(boolean withTrailingSlash) {
        StringBuilder sb = new StringBuilder(shownPrefix);
        for (String s : segments.subList(hiddenSegments, segments.size())) {
            sb.append('/').append(PercentCoding.encodeSegment(s));
        }
        if (withTrailingSlash) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** The last segment, the name a file is served under (null for a bare CID). */
    String lastSegment() {
        return segments.isEmpty() ? null : segments.getLast();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
