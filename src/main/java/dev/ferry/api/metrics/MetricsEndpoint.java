package dev.ferry.api.metrics;

import com.sun.net.httpserver.HttpExchange;
import dev.ferry.api.http.HttpMount;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Kubo's {@code /debug/metrics/prometheus} on the RPC listener: a node's figures for Prometheus to scrape, behind
 * the listener's access check like the RPC API itself.
 */
public final class MetricsEndpoint implements HttpMount {
    public static final String PATH = "/debug/metrics/prometheus";

    private final NodeMetrics metrics;

    public MetricsEndpoint(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void serve(HttpExchange ex, String caller) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getRawPath().equals(PATH)) {
                text(ex, 404, "404 page not found\n", "text/plain; charset=utf-8");
                return;
            }
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                text(ex, 405, "method not allowed\n", "text/plain; charset=utf-8");
                return;
            }
            text(ex, 200, metrics.scrape(), PrometheusText.CONTENT_TYPE);
        }
    }

    @Override
    public void deny(HttpExchange ex, int status, String message) throws IOException {
        try (ex) {
            text(ex, status, message + "\n", "text/plain; charset=utf-8");
        }
    }

    private static void text(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
