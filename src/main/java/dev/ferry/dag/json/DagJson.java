package dev.ferry.dag.json;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborBool;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborFloat;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborNull;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.multiformats.Cid;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** dag-json reader and writer over the IPLD data model of {@link CborValue} (see {@code package-info.java}). */
public final class DagJson {
    public static final int MAX_DEPTH = 256;
    private static final BigInteger MIN = BigInteger.ONE.shiftLeft(64).negate();
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private DagJson() {
    }

    // ---------------------------------------------------------------- writing

    public static byte[] encode(CborValue v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb, 0);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(CborValue v, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new DagJsonException("nesting deeper than " + MAX_DEPTH);
        }
        switch (v) {
            case CborNull n -> out.append("null");
            case CborBool b -> out.append(b.value());
            case CborInteger i -> out.append(i.value());
            case CborFloat f -> out.append(formatFloat(f.value()));
            case CborText t -> string(t.text(), out);
            case CborBytes b -> out.append("{\"/\":{\"bytes\":\"")
                    .append(Base64.getEncoder().withoutPadding().encodeToString(b.bytes())).append("\"}}");
            case CborLink l -> out.append("{\"/\":\"").append(l.cid()).append("\"}");
            case CborArray a -> {
                out.append('[');
                for (int i = 0; i < a.items().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(a.items().get(i), out, depth + 1);
                }
                out.append(']');
            }
            case CborMap m -> {
                List<Map.Entry<String, CborValue>> entries = new ArrayList<>(m.entries().entrySet());
                entries.sort((x, y) -> Arrays.compareUnsigned(x.getKey().getBytes(StandardCharsets.UTF_8),
                        y.getKey().getBytes(StandardCharsets.UTF_8)));
                out.append('{');
                for (int i = 0; i < entries.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(entries.get(i).getKey(), out);
                    out.append(':');
                    write(entries.get(i).getValue(), out, depth + 1);
                }
                out.append('}');
            }
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * A finite double as JavaScript's {@code String(number)} writes it (the shortest digits that read back the same;
     * plain notation for exponents -7 < e < 21, else {@code d.ddde+n}), with {@code .0} added when that has no '.',
     * 'e' or 'E' (so that it reads back as a float).
     */
    static String formatFloat(double d) {
        if (!Double.isFinite(d)) {
            throw new DagJsonException("NaN and infinities are not in the data model");
        }
        if (d == 0) {
            return "0.0"; // String(-0) is "0" in JavaScript too
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        if (bd.precision() == 2) {
            // Java writes at least two digits (4.9E-324) where one may do (5e-324): take one when it reads back
            BigDecimal one = bd.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (Double.parseDouble(one.toString()) == Math.abs(d)) {
                bd = one.stripTrailingZeros();
            }
        }
        String digits = bd.unscaledValue().toString();
        int k = digits.length();
        int n = k - bd.scale(); // value = 0.digits x 10^n
        StringBuilder s = new StringBuilder(d < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            s.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            s.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            s.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int e = n - 1;
            s.append(digits.charAt(0));
            if (k > 1) {
                s.append('.').append(digits, 1, k);
            }
            s.append('e').append(e < 0 ? "-" : "+").append(Math.abs(e));
        }
        String t = s.toString();
        return t.indexOf('.') < 0 && t.indexOf('e') < 0 ? t + ".0" : t;
    }

    // ---------------------------------------------------------------- reading

    /**
     * The links of a dag-json block, in the order they appear (depth first), duplicates kept; the whole block is read
     * (a malformed one is refused).
     *
     * @throws DagJsonException naming dag-json, for anything that is not dag-json
     */
    public static List<Cid> links(byte[] block) {
        CborValue root;
        try {
            root = decode(block);
        } catch (DagJsonException e) {
            throw new DagJsonException("not dag-json: " + e.getMessage());
        }
        List<Cid> out = new ArrayList<>();
        java.util.Deque<CborValue> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            switch (stack.pop()) {
                case CborLink l -> out.add(l.cid());
                case CborArray a -> pushReversed(stack, a.items());
                case CborMap m -> pushReversed(stack, new ArrayList<>(m.entries().values()));
                default -> {
                }
            }
        }
        return out;
    }

    private static void pushReversed(java.util.Deque<CborValue> stack, List<CborValue> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            stack.push(items.get(i));
        }
    }

    /**
     * Reads exactly one dag-json value from {@code bytes}.
     *
     * @throws DagJsonException on anything that is not dag-json
     */
    public static CborValue decode(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DagJsonException("not UTF-8: " + e.getMessage());
        }
        Parser p = new Parser(text);
        p.ws();
        CborValue v = p.value(0);
        p.ws();
        if (p.pos != text.length()) {
            throw new DagJsonException("unexpected " + p.describe() + " after the value at " + p.pos);
        }
        return v;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        String describe() {
            return pos < s.length() ? "'" + s.charAt(pos) + "'" : "end of input";
        }

        void ws() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == '\n'
                    || s.charAt(pos) == '\r')) {
                pos++;
            }
        }

        DagJsonException error(String what) {
            return new DagJsonException(what + " at " + pos + " (found " + describe() + ")");
        }

        CborValue value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new DagJsonException("nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= s.length()) {
                throw error("a value expected");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> map(depth);
                case '[' -> array(depth);
                case '"' -> new CborText(string());
                case 't' -> literal("true", new CborBool(true));
                case 'f' -> literal("false", new CborBool(false));
                case 'n' -> literal("null", new CborNull());
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("a value expected");
                }
            };
        }

        CborValue literal(String word, CborValue v) {
            if (!s.startsWith(word, pos)) {
                throw error("'" + word + "' expected");
            }
            pos += word.length();
            return v;
        }

        CborValue number() {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos < s.length() && s.charAt(pos) == '0') {
                pos++;
            } else if (pos < s.length() && s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
                while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                    pos++;
                }
            } else {
                throw error("digits expected");
            }
            boolean isFloat = false;
            if (pos < s.length() && s.charAt(pos) == '.') {
                isFloat = true;
                pos++;
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                isFloat = true;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                digits();
            }
            String t = s.substring(start, pos);
            if (t.length() > 400) {
                throw new DagJsonException("a number of " + t.length() + " characters at " + start);
            }
            if (isFloat) {
                double d = Double.parseDouble(t);
                if (!Double.isFinite(d)) {
                    throw new DagJsonException("a float out of range at " + start);
                }
                return new CborFloat(d);
            }
            BigInteger i = new BigInteger(t);
            if (i.compareTo(MIN) < 0 || i.compareTo(MAX) > 0) {
                throw new DagJsonException("an integer outside -2^64..2^64-1 at " + start);
            }
            return new CborInteger(i);
        }

        void digits() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                throw error("digits expected");
            }
        }

        String string() {
            pos++; // the opening quote
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("an unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    break;
                }
                if (c < 0x20) {
                    pos--;
                    throw error("a control character in a string");
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw error("an unterminated escape");
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '"' -> out.append('"');
                        case '\\' -> out.append('\\');
                        case '/' -> out.append('/');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            if (pos + 4 > s.length()) {
                                throw error("a short \\u escape");
                            }
                            int cp;
                            try {
                                cp = Integer.parseInt(s.substring(pos, pos + 4), 16);
                            } catch (NumberFormatException ex) {
                                throw error("a bad \\u escape");
                            }
                            if (s.charAt(pos) == '+' || s.charAt(pos) == '-') {
                                throw error("a bad \\u escape");
                            }
                            pos += 4;
                            out.append((char) cp);
                        }
                        default -> {
                            pos--;
                            throw error("an unknown escape");
                        }
                    }
                } else {
                    out.append(c);
                }
            }
            String r = out.toString();
            for (int i = 0; i < r.length(); i++) { // escapes can make lone surrogates; text must be valid Unicode
                char c = r.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < r.length() && Character.isLowSurrogate(r.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new DagJsonException("a lone surrogate in a string before " + pos);
                }
            }
            return r;
        }

        CborValue array(int depth) {
            pos++;
            List<CborValue> items = new ArrayList<>();
            ws();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return new CborArray(items);
            }
            while (true) {
                ws();
                items.add(value(depth + 1));
                ws();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos < s.length() && s.charAt(pos) == ']') {
                    pos++;
                    return new CborArray(items);
                } else {
                    throw error("',' or ']' expected");
                }
            }
        }

        CborValue map(int depth) {
            int start = pos;
            pos++;
            Map<String, CborValue> entries = new LinkedHashMap<>();
            ws();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return new CborMap(entries);
            }
            while (true) {
                ws();
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw error("a string key expected");
                }
                String key = string();
                ws();
                if (pos >= s.length() || s.charAt(pos) != ':') {
                    throw error("':' expected");
                }
                pos++;
                ws();
                CborValue v = value(depth + 1);
                if (entries.put(key, v) != null) {
                    throw new DagJsonException("a duplicate key \"" + key + "\" in the map at " + start);
                }
                ws();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos < s.length() && s.charAt(pos) == '}') {
                    pos++;
                    break;
                } else {
                    throw error("',' or '}' expected");
                }
            }
            return special(entries, start);
        }

        /** The link and bytes forms: a map whose only key is "/". */
        private CborValue special(Map<String, CborValue> entries, int start) {
            CborValue slash = entries.get("/");
            if (slash == null || entries.size() != 1) {
                return new CborMap(entries);
            }
            if (slash instanceof CborText t) {
                try {
                    return new CborLink(Cid.parse(t.text()));
                } catch (IllegalArgumentException e) {
                    throw new DagJsonException("an invalid link at " + start + ": " + e.getMessage());
                }
            }
            if (slash instanceof CborMap inner && inner.entries().size() == 1
                    && inner.entries().get("bytes") instanceof CborText b) {
                try {
                    String text = b.text();
                    if (text.indexOf('=') >= 0) {
                        throw new IllegalArgumentException("padding");
                    }
                    return new CborBytes(Base64.getDecoder().decode(text));
                } catch (IllegalArgumentException e) {
                    throw new DagJsonException("invalid bytes at " + start + " (base64, standard alphabet, no "
                            + "padding)");
                }
            }
            throw new DagJsonException("a map whose only key is \"/\" is neither a link nor bytes, at " + start);
        }
    }
}
