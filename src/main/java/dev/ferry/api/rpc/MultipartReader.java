package dev.ferry.api.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming multipart/form-data reader (RFC 7578 over RFC 2046). Part headers are read into bounded buffers;
 * part bodies are handed out as streams that end at the next delimiter, so a body of any size passes through a
 * fixed buffer. Every malformation or exceeded limit is a {@link MultipartException}; nothing else is thrown for
 * bad input (the underlying stream's own IOExceptions pass through). Not thread-safe.
 */
public final class MultipartReader {
    /** RFC 2046 allows 70; a little slack for clients that do not care. */
    static final int MAX_BOUNDARY = 200;
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_WHITESPACE = 64;

    private final InputStream in;
    private final byte[] delimiter;
    /** Boyer-Moore-Horspool shifts: how far the window may move when its last byte is b (most bodies skip ~|delim|). */
    private final int[] shift = new int[256];
    private final MultipartLimits limits;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;
    private boolean done;
    private boolean atDelimiter;
    private int parts;
    private int generation;
    /** No delimiter starts in buf[pos, noDelimiterBefore): bytes are scanned once, however small the reads. */
    private int noDelimiterBefore;

    public MultipartReader(InputStream in, String boundary, MultipartLimits limits) throws MultipartException {
        if (boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new MultipartException("multipart boundary must be 1.." + MAX_BOUNDARY + " characters");
        }
        this.in = in;
        this.limits = limits;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        java.util.Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
        this.buf = new byte[BUFFER + Math.max(delimiter.length, limits.maxHeaderLine() + 2)];
        // the first boundary may start the body: a virtual CRLF in front lets one delimiter pattern match them all
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /**
     * The boundary parameter of a {@code multipart/form-data} Content-Type.
     *
     * @throws MultipartException when the type is not multipart/form-data or has no usable boundary
     */
    public static String boundaryOf(String contentType) throws MultipartException {
        if (contentType == null) {
            throw new MultipartException("missing Content-Type: expected multipart/form-data");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String type = parseHeaderValue(contentType, params).toLowerCase(Locale.ROOT);
        if (!type.equals("multipart/form-data")) {
            throw new MultipartException("expected Content-Type multipart/form-data, got " + type);
        }
        String b = params.get("boundary");
        if (b == null || b.isEmpty()) {
            throw new MultipartException("multipart/form-data without a boundary");
        }
        if (b.length() > MAX_BOUNDARY) {
            throw new MultipartException("multipart boundary too long");
        }
        return b;
    }

    /** The next part, draining what is left of the previous one; empty after the closing delimiter. */
    public Optional<MultipartPart> next() throws IOException {
        if (done) {
            return Optional.empty();
        }
        generation++;
        if (!started) {
            started = true;
            skipBody(limits.maxPreamble(), "preamble before the first boundary");
        } else {
            skipBody(Long.MAX_VALUE, "");
        }
        atDelimiter = false;
        // after a delimiter: "--" closes the body, else optional whitespace and CRLF start a part
        ensure(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            done = true;
            return Optional.empty();
        }
        int ws = 0;
        while (true) {
            ensure(1);
            if (lim - pos < 1) {
                throw new MultipartException("multipart body ends after a boundary");
            }
            if (buf[pos] != ' ' && buf[pos] != '\t') {
                break;
            }
            pos++;
            if (++ws > MAX_WHITESPACE) {
                throw new MultipartException("too much whitespace after a boundary");
            }
        }
        ensure(2);
        if (lim - pos < 2 || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new MultipartException("boundary not followed by CRLF");
        }
        pos += 2;
        if (++parts > limits.maxParts()) {
            throw new MultipartException("too many parts (at most " + limits.maxParts() + ")");
        }
        return Optional.of(readHeaders());
    }

    private MultipartPart readHeaders() throws IOException {
        String disposition = null;
        String contentType = null;
        String absPath = null;
        int count = 0;
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            if (++count > limits.maxHeaders()) {
                throw new MultipartException("too many headers in a part (at most " + limits.maxHeaders() + ")");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("malformed part header");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "content-disposition" -> {
                    if (disposition != null) {
                        throw new MultipartException("two Content-Disposition headers in a part");
                    }
                    disposition = value;
                }
                case "content-type" -> {
                    if (contentType != null) {
                        throw new MultipartException("two Content-Type headers in a part");
                    }
                    contentType = value;
                }
                case "abspath" -> {
                    if (absPath != null) {
                        throw new MultipartException("two Abspath headers in a part");
                    }
                    absPath = value;
                }
                default -> {
                    // other headers (Content-Transfer-Encoding…) carry nothing ferry uses
                }
            }
        }
        String field = "";
        String file = "";
        if (disposition != null) {
            Map<String, String> params = new LinkedHashMap<>();
            String kind = parseHeaderValue(disposition, params).toLowerCase(Locale.ROOT);
            if (!kind.equals("form-data") && !kind.equals("file") && !kind.equals("attachment")) {
                throw new MultipartException("unexpected Content-Disposition " + kind);
            }
            field = params.getOrDefault("name", "");
            String raw = params.getOrDefault("filename", "");
            if (raw.length() > 3 * limits.maxFileName()) {
                throw new MultipartException("file name too long");
            }
            try {
                file = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new MultipartException("malformed file name encoding");
            }
            if (file.length() > limits.maxFileName()) {
                throw new MultipartException("file name too long (at most " + limits.maxFileName() + " characters)");
            }
        }
        String type = contentType == null ? "application/octet-stream"
                : parseHeaderValue(contentType, new LinkedHashMap<>());
        return new MultipartPart(field, file, type, absPath == null ? "" : absPath, new Body(generation));
    }

    /** One header line without its CRLF (a bare LF is accepted), ISO-8859-1 then re-read as UTF-8. */
    private String readLine() throws IOException {
        int max = limits.maxHeaderLine();
        ensure(max + 2);
        int end = -1;
        int stop = Math.min(lim, pos + max + 2);
        for (int i = pos; i < stop; i++) {
            if (buf[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            if (lim - pos < max + 2 && eof) {
                throw new MultipartException("multipart body ends inside part headers");
            }
            throw new MultipartException("part header line too long (at most " + max + " bytes)");
        }
        int len = end - pos;
        if (len > 0 && buf[end - 1] == '\r') {
            len--;
        }
        if (len > max) {
            throw new MultipartException("part header line too long (at most " + max + " bytes)");
        }
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos = end + 1;
        return s;
    }

    /**
     * Copies up to {@code len} body bytes before the next delimiter; -1 once at the delimiter (which it consumes).
     */
    private int readBody(byte[] out, int off, int len) throws IOException {
        if (atDelimiter) {
            return -1;
        }
        int d = delimiter.length;
        ensure(d);
        int idx = indexOfDelimiter();
        if (idx == pos) {
            pos += d;
            atDelimiter = true;
            return -1;
        }
        int avail;
        if (idx > 0) {
            avail = idx - pos;
        } else if (eof) {
            throw new MultipartException("multipart body ends before its closing boundary");
        } else {
            avail = lim - pos - (d - 1);
        }
        int n = Math.min(avail, len);
        if (out != null) {
            System.arraycopy(buf, pos, out, off, n);
        }
        pos += n;
        return n;
    }

    private void skipBody(long max, String what) throws IOException {
        long skipped = 0;
        int n;
        while ((n = readBody(null, 0, Integer.MAX_VALUE)) >= 0) {
            skipped += n;
            if (skipped > max) {
                throw new MultipartException(what + " longer than " + max + " bytes");
            }
        }
    }

    /** The leftmost delimiter at or after {@code pos} within the buffer, or -1 (Horspool: never skips a match). */
    private int indexOfDelimiter() {
        int d = delimiter.length;
        int last = lim - d;
        int start = Math.max(pos, noDelimiterBefore);
        int i = start;
        while (i <= last) {
            int j = d - 1;
            while (j >= 0 && buf[i + j] == delimiter[j]) {
                j--;
            }
            if (j < 0) {
                noDelimiterBefore = i;
                return i;
            }
            i += shift[buf[i + d - 1] & 0xff];
        }
        noDelimiterBefore = Math.max(start, last + 1);
        return -1;
    }

    /** Reads until at least {@code n} unread bytes are buffered or the input ends. */
    private void ensure(int n) throws IOException {
        if (lim - pos >= n || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            noDelimiterBefore = Math.max(0, noDelimiterBefore - pos);
            pos = 0;
        }
        while (lim - pos < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
    }

    /**
     * Splits {@code type; a=b; c="d"} into the leading token (returned) and its parameters (names lower-cased,
     * quoted values unescaped).
     */
    static String parseHeaderValue(String value, Map<String, String> params) throws MultipartException {
        int i = value.indexOf(';');
        String head = (i < 0 ? value : value.substring(0, i)).strip();
        int n = value.length();
        while (i >= 0 && i < n) {
            i++; // past ';'
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = value.indexOf('=', i);
            int semi = value.indexOf(';', i);
            if (eq < 0 || (semi >= 0 && semi < eq)) {
                throw new MultipartException("malformed header parameter");
            }
            String name = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && value.charAt(i) == ' ') {
                i++;
            }
            StringBuilder v = new StringBuilder();
            if (i < n && value.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = value.charAt(i++);
                    if (c == '\\' && i < n) {
                        v.append(value.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        v.append(c);
                    }
                }
                if (!closed) {
                    throw new MultipartException("unterminated quoted header parameter");
                }
                while (i < n && value.charAt(i) != ';') {
                    if (value.charAt(i) != ' ' && value.charAt(i) != '\t') {
                        throw new MultipartException("malformed header parameter");
                    }
                    i++;
                }
            } else {
                int end = value.indexOf(';', i);
                v.append(value.substring(i, end < 0 ? n : end).strip());
                i = end < 0 ? n : end;
            }
            if (name.isEmpty()) {
                throw new MultipartException("malformed header parameter");
            }
            if (params.putIfAbsent(name, v.toString()) != null) {
                throw new MultipartException("duplicate header parameter " + name);
            }
            if (i < n && value.charAt(i) != ';') {
                throw new MultipartException("malformed header parameter");
            }
        }
        return head;
    }

    /** A part's body: ends at the next delimiter, and at once when the reader has moved to a later part. */
    private final class Body extends InputStream {
        private final int gen;

        Body(int gen) {
            this.gen = gen;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (gen != generation || done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            return readBody(b, off, len);
        }
    }
}
