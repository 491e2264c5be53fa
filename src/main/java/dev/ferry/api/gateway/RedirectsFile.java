package dev.ferry.api.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code _redirects} file (specs.ipfs.tech/http-gateways/web-redirects-file): UTF-8 text of at most
 * {@value #MAX_BYTES} bytes, one rule {@code from to [status]} per line ({@code \n} or {@code \r\n}), fields split by
 * spaces or tabs; blank lines and lines starting with {@code #} are skipped. The whole file is refused at the first
 * bad line, as the spec asks (a site must see its mistake, not half its rules).
 *
 * @param rules the rules in file order (the first match wins)
 */
record RedirectsFile(List<RedirectRule> rules) {
    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern ABSOLUTE_URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#].*");
    private static final Set<Integer> STATUSES = Set.of(200, 301, 302, 303, 307, 308, 404, 410, 451);

    RedirectsFile {
        rules = List.copyOf(rules);
    }

    /** A rule that matched, and its target with placeholders filled in. */
    record Match(RedirectRule rule, String target) {
    }

    /** The first rule matching {@code segments} (the decoded path below the site root). */
    Optional<Match> first(List<String> segments) {
        for (RedirectRule r : rules) {
            Optional<String> target = r.expand(segments);
            if (target.isPresent()) {
                return Optional.of(new Match(r, target.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a file's bytes.
     *
     * @throws RedirectsFileException when the file is too large, a line is not UTF-8, or a rule is malformed (the
     *                                message names the line)
     */
    static RedirectsFile parse(byte[] bytes) throws RedirectsFileException {
        if (bytes.length > MAX_BYTES) {
            throw new RedirectsFileException(0, "redirects file size cannot exceed " + MAX_BYTES + " bytes");
        }
        List<RedirectRule> rules = new ArrayList<>();
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            start = 3; // a byte order mark some editors write
        }
        int lineNo = 0;
        while (start <= bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNo++;
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String line = utf8(bytes, start, stop, lineNo);
            RedirectRule rule = rule(line, lineNo);
            if (rule != null) {
                rules.add(rule);
            }
            start = end + 1;
        }
        return new RedirectsFile(rules);
    }

    private static String utf8(byte[] bytes, int from, int to, int lineNo) throws RedirectsFileException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new RedirectsFileException(lineNo, "not UTF-8 text");
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
    }

    /** The rule on one line, or null for a blank line or a comment. */
    private static RedirectRule rule(String line, int lineNo) throws RedirectsFileException {
        List<String> fields = new ArrayList<>(3);
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && isSpace(line.charAt(i))) {
                i++;
            }
            int begin = i;
            while (i < line.length() && !isSpace(line.charAt(i))) {
                i++;
            }
            if (i > begin) {
                if (fields.isEmpty() && line.charAt(begin) == '#') {
                    return null;
                }
                if (fields.size() == 3) {
                    throw new RedirectsFileException(lineNo, "must match format 'from to [status]'");
                }
                fields.add(line.substring(begin, i));
            }
        }
        if (fields.isEmpty()) {
            return null;
        }
        if (fields.size() == 1) {
            throw new RedirectsFileException(lineNo, "missing 'to' path");
        }
        for (String f : fields) {
            for (int k = 0; k < f.length(); k++) {
                char c = f.charAt(k);
                if (c < 0x20 || c == 0x7f) {
                    throw new RedirectsFileException(lineNo, "control character in a rule");
                }
            }
        }
        String from = fields.get(0);
        String to = fields.get(1);
        int status = fields.size() == 3 ? status(fields.get(2), lineNo) : 301;
        if (!to.startsWith("/") && !ABSOLUTE_URL.matcher(to).matches()) {
            throw new RedirectsFileException(lineNo, "'to' must be a path starting with '/' or an absolute URL: "
                    + shown(to));
        }
        return from(from, to, status, lineNo);
    }

    private static RedirectRule from(String from, String to, int status, int lineNo) throws RedirectsFileException {
        if (!from.startsWith("/")) {
            throw new RedirectsFileException(lineNo, "'from' path must begin with '/': " + shown(from));
        }
        if (from.indexOf('?') >= 0) {
            throw new RedirectsFileException(lineNo, "'from' cannot match a query string: " + shown(from));
        }
        String body = from.substring(1);
        if (body.endsWith("/")) {
            body = body.substring(0, body.length() - 1);
        }
        List<RedirectRule.Part> parts = new ArrayList<>();
        boolean splat = false;
        Set<String> names = new HashSet<>();
        String[] segments = body.isEmpty() ? new String[0] : body.split("/", -1);
        for (int k = 0; k < segments.length; k++) {
            String seg = segments[k];
            if (seg.equals("*") && k == segments.length - 1) {
                splat = true;
            } else if (seg.indexOf('*') >= 0) {
                throw new RedirectsFileException(lineNo, "'from' path can only end with splat: '*' must be its "
                        + "whole last segment");
            } else if (seg.startsWith(":")) {
                String name = seg.substring(1);
                if (name.isEmpty() || !name.chars().allMatch(c -> RedirectRule.isNameChar((char) c))) {
                    throw new RedirectsFileException(lineNo, "placeholder " + shown(seg) + ": names are letters, "
                            + "digits and '_'");
                }
                if (name.equals("splat")) {
                    throw new RedirectsFileException(lineNo, "':splat' is the name of the '*' match, not a "
                            + "placeholder");
                }
                if (!names.add(name)) {
                    throw new RedirectsFileException(lineNo, "placeholder ':" + name + "' used twice in 'from'");
                }
                parts.add(new RedirectRule.Placeholder(name));
            } else {
                try {
                    parts.add(new RedirectRule.Literal(PercentCoding.decode(seg, false)));
                } catch (GatewayException e) {
                    throw new RedirectsFileException(lineNo, "'from' segment " + shown(seg) + ": " + e.getMessage());
                }
            }
        }
        return new RedirectRule(lineNo, parts, splat, to, status);
    }

    private static int status(String s, int lineNo) throws RedirectsFileException {
        if (s.endsWith("!")) {
            throw new RedirectsFileException(lineNo, "forced redirects (or \"shadowing\") are not supported");
        }
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RedirectsFileException(lineNo, "status " + shown(s) + " is not a number");
        }
        int code = Integer.parseInt(s);
        if (!STATUSES.contains(code)) {
            throw new RedirectsFileException(lineNo, "status code " + code + " is not supported");
        }
        return code;
    }

    /** A field for an error message: quoted and cut short. */
    private static String shown(String s) {
        return "\"" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "\"";
    }
}
