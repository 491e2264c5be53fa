package dev.ferry.routing.gateway;

import java.net.URI;

/**
 * A gateway did not deliver. {@link #kind()} says whose fault it was, which decides how the gateway is scored; the
 * pool throws one when every gateway failed, with each gateway's own failure attached as suppressed.
 */
public final class GatewayException extends RuntimeException {
    /** Why a request failed. */
    public enum Kind {
        /** The gateway does not have the content (404, 410). */
        NOT_FOUND,
        /** Connect failure, I/O error, 429 or 5xx. */
        UNAVAILABLE,
        /** No byte within the idle timeout, or the whole response took longer than the request timeout. */
        STALLED,
        /** The response exceeded a size cap. */
        TOO_LARGE,
        /** The gateway refused the request form (400, 406, 501...). */
        UNSUPPORTED,
        /** A well-formed CAR that stops before the requested DAG is complete. */
        INCOMPLETE,
        /**
         * Data that cannot be what was asked: bytes that do not hash to the CID, a malformed or truncated CAR,
         * blocks outside the requested DAG, a wrong root, a wrong content type. The gateway is avoided for a while.
         */
        INVALID,
        /** The caller gave up (another source won, the session closed); not the gateway's fault. */
        CANCELLED,
        /** No gateway could be asked (none configured, or all avoided). */
        NO_GATEWAY
    }

    private final Kind kind;
    private final transient URI gateway;

    public GatewayException(Kind kind, URI gateway, String message) {
        super(message);
        this.kind = kind;
        this.gateway = gateway;
    }

    public GatewayException(Kind kind, URI gateway, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.gateway = gateway;
    }

    public Kind kind() {
        return kind;
    }

    /** The gateway that failed; null for a pool-level failure. */
    public URI gateway() {
        return gateway;
    }
}
