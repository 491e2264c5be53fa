package dev.ferry.api.gateway;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sending a whole response (status, optional body) the same way for GET and HEAD. */
final class Responses {
    static final String IMMUTABLE = "public, max-age=29030400, immutable";

    private Responses() {
    }

    /**
     * Sends {@code body} with the right Content-Length; a HEAD gets the length and no body. The headers must be set.
     */
    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (status == 304) {
            ex.sendResponseHeaders(304, -1);
            return;
        }
        if (isHead(ex)) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A plain-text error; {@code retryAfterSeconds} when positive adds Retry-After. */
    static void error(HttpExchange ex, int status, String message, long retryAfterSeconds) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (retryAfterSeconds > 0) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
        }
        byte[] body = status == 412 ? new byte[0] : (message + "\n").getBytes(StandardCharsets.UTF_8);
        send(ex, status, body);
    }

    static boolean isHead(HttpExchange ex) {
        return ex.getRequestMethod().equals("HEAD");
    }
}
