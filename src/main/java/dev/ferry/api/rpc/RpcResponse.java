package dev.ferry.api.rpc;

import java.io.IOException;
import java.io.OutputStream;

/** How a command answers: one JSON value, or a stream of bytes or NDJSON lines written as they are produced. */
public sealed interface RpcResponse {
    /** A JSON document (Jackson-serialisable value). */
    record Json(Object value) implements RpcResponse {}

    /** A JSON document, then an action run once the answer has been sent in full (e.g. shutting down). */
    record JsonThen(Object value, Runnable after) implements RpcResponse {}

    /** A body streamed to the client; {@code contentType} e.g. {@code text/plain} or {@code application/x-ndjson}. */
    record Stream(String contentType, java.util.Map<String, String> headers, Body body) implements RpcResponse {
        public Stream {
            headers = java.util.Map.copyOf(headers);
        }

        public Stream(String contentType, Body body) {
            this(contentType, java.util.Map.of(), body);
        }
    }

    /** Writes a streamed body; may throw after the first bytes, which truncates the response. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }
}
