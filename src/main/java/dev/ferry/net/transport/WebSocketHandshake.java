package dev.ferry.net.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The WebSocket opening handshake (RFC 6455 section 4): the client's HTTP/1.1 {@code GET} with {@code Upgrade:
 * websocket} and a random {@code Sec-WebSocket-Key}, the server's {@code 101 Switching Protocols} with the key's
 * {@code Sec-WebSocket-Accept}. No subprotocol and no extension are offered or accepted: the connection carries
 * libp2p's byte stream as binary frames, as go-libp2p and js-libp2p use it.
 *
 * <p>Each side reads the other's head byte by byte up to its blank line (nothing after it is consumed), at most
 * {@link #MAX_HEAD} bytes and {@link #MAX_HEADERS} header lines.
 */
public final class WebSocketHandshake {
    static final int MAX_HEAD = 8 * 1024;
    static final int MAX_HEADERS = 64;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {}

    /** The {@code Sec-WebSocket-Accept} value for a client's key. */
    public static String acceptFor(String key) {
        try {
            // SHA-1 is what RFC 6455 prescribes here; it proves only that the server read the request
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }

    /**
     * Sends the client's request for {@code hostHeader} (host and port as the URL names them) and checks the
     * server's answer.
     *
     * @throws WebSocketException the server refused or answered something other than a WebSocket upgrade
     */
    public static void client(InputStream in, OutputStream out, String hostHeader, SecureRandom random)
            throws IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET / HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Head head = readHead(in);
        String[] status = head.startLine().split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new WebSocketException("not an HTTP answer to the WebSocket upgrade: " + clip(head.startLine()));
        }
        if (!status[1].equals("101")) {
            throw new WebSocketException("the server refused the WebSocket upgrade: " + clip(head.startLine()));
        }
        if (!hasToken(head.header("upgrade"), "websocket") || !hasToken(head.header("connection"), "upgrade")) {
            throw new WebSocketException("the server's 101 lacks Upgrade: websocket and Connection: Upgrade");
        }
        if (!acceptFor(key).equals(head.header("sec-websocket-accept"))) {
            throw new WebSocketException("the server's Sec-WebSocket-Accept does not match the key sent");
        }
        if (head.header("sec-websocket-extensions") != null || head.header("sec-websocket-protocol") != null) {
            throw new WebSocketException("the server chose an extension or subprotocol that was not offered");
        }
    }

    /**
     * Reads a client's request and answers it: {@code 101} for a valid upgrade, else an error status (426 without
     * an upgrade, 400 for a malformed one) after which the caller closes the connection.
     *
     * @throws WebSocketException the request was not a valid WebSocket upgrade (answered already)
     */
    public static void server(InputStream in, OutputStream out) throws IOException {
        Head head;
        try {
            head = readHead(in);
        } catch (WebSocketException e) {
            refuse(out, "400 Bad Request", "");
            throw e;
        }
        String[] request = head.startLine().split(" ", -1);
        if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
            refuse(out, "400 Bad Request", "");
            throw new WebSocketException("not an HTTP/1.1 request: " + clip(head.startLine()));
        }
        if (!request[0].equals("GET")) {
            refuse(out, "405 Method Not Allowed", "Allow: GET\r\n");
            throw new WebSocketException("a WebSocket upgrade is a GET, not " + clip(request[0]));
        }
        if (!hasToken(head.header("upgrade"), "websocket") || !hasToken(head.header("connection"), "upgrade")) {
            refuse(out, "426 Upgrade Required", "Upgrade: websocket\r\nConnection: Upgrade\r\n");
            throw new WebSocketException("an HTTP request without a WebSocket upgrade");
        }
        if (!"13".equals(head.header("sec-websocket-version"))) {
            refuse(out, "426 Upgrade Required", "Sec-WebSocket-Version: 13\r\n");
            throw new WebSocketException("unsupported WebSocket version " + clip(head.header("sec-websocket-version")));
        }
        String key = head.header("sec-websocket-key");
        if (!validKey(key)) {
            refuse(out, "400 Bad Request", "");
            throw new WebSocketException("a missing or malformed Sec-WebSocket-Key");
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptFor(key) + "\r\n"
                + "\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(OutputStream out, String status, String headers) {
        try {
            out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // the peer is gone; the caller closes anyway
        }
    }

    /** True when the comma-separated header value holds {@code token} (case-insensitive). */
    static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String t : value.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static String clip(String s) {
        if (s == null) {
            return "none";
        }
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }

    /** An HTTP head: its start line and its headers by lower-case name (a repeated header's values joined). */
    record Head(String startLine, Map<String, String> headers) {
        String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }
    }

    /** Reads an HTTP/1.1 head up to and including its blank line. */
    static Head readHead(InputStream in) throws IOException {
        byte[] buf = new byte[512];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended inside the WebSocket handshake");
            }
            if (n == MAX_HEAD) {
                throw new WebSocketException("WebSocket handshake head longer than " + MAX_HEAD + " bytes");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_HEAD));
            }
            buf[n++] = (byte) b;
            if (n >= 4 && buf[n - 4] == '\r' && buf[n - 3] == '\n' && buf[n - 2] == '\r' && buf[n - 1] == '\n') {
                break;
            }
        }
        String text = new String(buf, 0, n - 4, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        if (lines.length - 1 > MAX_HEADERS) {
            throw new WebSocketException("more than " + MAX_HEADERS + " header lines in the WebSocket handshake");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new WebSocketException("malformed header line in the WebSocket handshake: " + clip(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, v) -> a + ", " + v);
        }
        return new Head(lines[0], headers);
    }
}
