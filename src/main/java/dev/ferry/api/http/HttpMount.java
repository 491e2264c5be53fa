package dev.ferry.api.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * An HTTP API served beside another on the same listener, under a path prefix, after the listener's access check
 * (e.g. the Pinning Service API beside the RPC API). It answers refusals too, in its own error format.
 */
public interface HttpMount {
    /** Serves one request; {@code caller} names the access token used ({@code ""} when none is configured). */
    void serve(HttpExchange ex, String caller) throws IOException;

    /** Answers a refused request (401, 403, 431) with {@code status}. */
    void deny(HttpExchange ex, int status, String message) throws IOException;
}
