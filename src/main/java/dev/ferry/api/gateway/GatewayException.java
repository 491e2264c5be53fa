package dev.ferry.api.gateway;

/** A request the gateway answers with an HTTP error: the status and a plain-text reason. */
final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    GatewayException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static GatewayException badRequest(String message) {
        return new GatewayException(400, message);
    }

    static GatewayException notFound(String message) {
        return new GatewayException(404, message);
    }
}
