package dev.ferry.api.rpc;

import java.io.IOException;

/** A multipart/form-data body that is malformed, truncated or beyond the {@link MultipartLimits}: a client error. */
public final class MultipartException extends IOException {
    public MultipartException(String message) {
        super(message);
    }
}
