package dev.ferry.routing.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A media type as in a {@code Content-Type} header (RFC 9110 section 8.3.1):
 * {@code type "/" subtype *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )}. Type, subtype and parameter names
 * are case-insensitive and kept in lower case; values are kept as sent (quoted strings unescaped).
 *
 * @param parameters in the order they were sent, unmodifiable; a name occurs at most once
 */
public record MediaType(String type, String subtype, Map<String, String> parameters) {
    /** Longest header value {@link #parse} reads. */
    public static final int MAX_LENGTH = 1024;
    /** Most parameters {@link #parse} accepts. */
    public static final int MAX_PARAMETERS = 32;

    public MediaType {
        requireToken(type, "type");
        requireToken(subtype, "subtype");
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            requireToken(e.getKey(), "parameter name");
            String v = Objects.requireNonNull(e.getValue(), "parameter value");
            for (int i = 0; i < v.length(); i++) {
                if (!isQdText(v.charAt(i)) && v.charAt(i) != '"' && v.charAt(i) != '\\') {
                    throw new MediaTypeException("parameter value has a character a header cannot carry: 0x"
                            + Integer.toHexString(v.charAt(i)));
                }
            }
            if (copy.put(e.getKey().toLowerCase(Locale.ROOT), v) != null) {
                throw new MediaTypeException("duplicate parameter " + e.getKey());
            }
        }
        type = type.toLowerCase(Locale.ROOT);
        subtype = subtype.toLowerCase(Locale.ROOT);
        parameters = Collections.unmodifiableMap(copy);
    }

    /** The media type without parameters. */
    public static MediaType of(String type, String subtype) {
        return new MediaType(type, subtype, Map.of());
    }

    /** {@code type/subtype}, lower case. */
    public String essence() {
        return type + "/" + subtype;
    }

    /** Whether the essence equals {@code essence} (case-insensitive). */
    public boolean is(String essence) {
        return essence().equalsIgnoreCase(essence);
    }

    /** The value of a parameter (name case-insensitive). */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Parses a header value strictly.
     *
     * @throws MediaTypeException on anything RFC 9110 does not allow, a duplicate parameter, more than
     *                            {@link #MAX_PARAMETERS} parameters or a value longer than {@link #MAX_LENGTH}
     */
    public static MediaType parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new MediaTypeException("media type longer than " + MAX_LENGTH + " characters");
        }
        Cursor c = new Cursor(text);
        c.ows();
        String type = c.token("type");
        c.expect('/');
        String subtype = c.token("subtype");
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            c.ows();
            if (c.atEnd()) {
                break;
            }
            c.expect(';');
            c.ows();
            if (c.atEnd() || c.peek() == ';') {
                continue; // RFC 9110 allows empty parameters
            }
            String name = c.token("parameter name").toLowerCase(Locale.ROOT);
            c.expect('=');
            String value = c.peek() == '"' ? c.quoted() : c.token("parameter value");
            if (params.size() == MAX_PARAMETERS) {
                throw new MediaTypeException("more than " + MAX_PARAMETERS + " parameters");
            }
            if (params.put(name, value) != null) {
                throw new MediaTypeException("duplicate parameter " + name);
            }
        }
        return new MediaType(type, subtype, params);
    }

    /** The header form: {@code type/subtype;name=value}, quoting values that are not tokens. */
    public String format() {
        StringBuilder sb = new StringBuilder(essence());
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            sb.append(';').append(e.getKey()).append('=');
            String v = e.getValue();
            if (isToken(v)) {
                sb.append(v);
            } else {
                sb.append('"');
                for (int i = 0; i < v.length(); i++) {
                    char ch = v.charAt(i);
                    if (ch == '"' || ch == '\\') {
                        sb.append('\\');
                    }
                    sb.append(ch);
                }
                sb.append('"');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    static boolean isTchar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(ch) >= 0;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isQdText(char ch) {
        return ch == '\t' || ch == ' ' || ch == 0x21 || (ch >= 0x23 && ch <= 0x5B) || (ch >= 0x5D && ch <= 0x7E)
                || (ch >= 0x80 && ch <= 0xFF);
    }

    private static void requireToken(String s, String what) {
        if (s == null || !isToken(s)) {
            throw new MediaTypeException(what + " is not a token: " + s);
        }
    }

    /** A position in the header value. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(i);
        }

        void ows() {
            while (!atEnd() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        void expect(char ch) {
            if (atEnd() || s.charAt(i) != ch) {
                throw new MediaTypeException("expected '" + ch + "' at position " + i);
            }
            i++;
        }

        String token(String what) {
            int start = i;
            while (!atEnd() && isTchar(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw new MediaTypeException("expected a " + what + " at position " + start);
            }
            return s.substring(start, i);
        }

        String quoted() {
            int start = i;
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new MediaTypeException("unterminated quoted string at position " + start);
                }
                char ch = s.charAt(i++);
                if (ch == '"') {
                    return sb.toString();
                }
                if (ch == '\\') {
                    if (atEnd()) {
                        throw new MediaTypeException("dangling escape at position " + (i - 1));
                    }
                    char esc = s.charAt(i++);
                    if (!(esc == '\t' || (esc >= 0x20 && esc <= 0x7E) || (esc >= 0x80 && esc <= 0xFF))) {
                        throw new MediaTypeException("invalid escaped character at position " + (i - 1));
                    }
                    sb.append(esc);
                } else if (isQdText(ch)) {
                    sb.append(ch);
                } else {
                    throw new MediaTypeException("invalid character in quoted string at position " + (i - 1));
                }
            }
        }
    }
}
