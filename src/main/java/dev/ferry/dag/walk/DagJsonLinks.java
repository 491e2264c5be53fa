package dev.ferry.dag.walk;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the links of a dag-json block: every object that is exactly {@code {"/": "<CID string>"}}. The JSON is
 * parsed fully (so malformed blocks are refused), but only links are kept; {@code {"/": {"bytes": …}}} is bytes, not a
 * link. Nesting is capped at {@value #MAX_DEPTH}. Throws {@link IllegalArgumentException} on malformed input.
 */
final class DagJsonLinks {
    static final int MAX_DEPTH = 256;

    private final String s;
    private final List<Cid> links = new ArrayList<>();
    private int pos;

    private DagJsonLinks(String s) {
        this.s = s;
    }

    static List<Cid> of(byte[] block) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(block)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("dag-json block is not valid UTF-8", e);
        }
        DagJsonLinks p = new DagJsonLinks(text);
        p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("trailing characters");
        }
        return p.links;
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        skipWhitespace();
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) {
        pos++; // {
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        int keys = 0;
        boolean slashKey = false;
        String slashString = null;
        while (true) {
            skipWhitespace();
            String key = string();
            skipWhitespace();
            expect(':');
            keys++;
            skipWhitespace();
            if (key.equals("/") && peek() == '"') {
                slashKey = true;
                slashString = string();
            } else {
                value(depth + 1);
            }
            skipWhitespace();
            char c = next();
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
        if (slashKey && keys == 1) {
            try {
                links.add(Cid.parse(slashString));
            } catch (MultiformatException e) {
                throw error("invalid link \"" + slashString + "\": " + e.getMessage());
            }
        }
    }

    private void array(int depth) {
        pos++; // [
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value(depth + 1);
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw error("truncated \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(s, pos, pos + 4, 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private void number() {
        int start = pos;
        while (pos < s.length() && "+-.eE0123456789".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw error("unexpected character '" + s.charAt(pos) + "'");
        }
        String n = s.substring(start, pos);
        if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw error("bad number " + n);
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected token");
        }
        pos += word.length();
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("dag-json: " + what + " at character " + pos);
    }
}
