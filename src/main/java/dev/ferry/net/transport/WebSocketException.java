package dev.ferry.net.transport;

import java.io.IOException;

/** A peer broke the WebSocket protocol (RFC 6455): a bad handshake or frame. The connection is closed. */
public final class WebSocketException extends IOException {
    /** The close code that tells the peer why (RFC 6455 section 7.4.1), or 0 when no close frame is sent. */
    private final int closeCode;

    public WebSocketException(String message, int closeCode) {
        super(message);
        this.closeCode = closeCode;
    }

    public WebSocketException(String message) {
        this(message, 0);
    }

    public int closeCode() {
        return closeCode;
    }
}
