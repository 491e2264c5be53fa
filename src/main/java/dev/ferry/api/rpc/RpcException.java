package dev.ferry.api.rpc;

/** A failed RPC call: the HTTP status and the message sent as Kubo's {@code {Message, Code, Type}} error. */
public final class RpcException extends RuntimeException {
    private final int status;

    public RpcException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static RpcException badRequest(String message) {
        return new RpcException(400, message);
    }
}
