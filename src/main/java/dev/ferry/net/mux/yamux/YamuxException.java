package dev.ferry.net.mux.yamux;

import java.io.IOException;

/**
 * A Yamux failure, either fatal for the whole session ({@link ProtocolError}: the session sends GoAway and closes)
 * or confined to one stream ({@link StreamError}: that stream is reset, the others continue).
 */
public abstract sealed class YamuxException extends IOException {

    private YamuxException(String message) {
        super(message);
    }

    /** The peer broke the protocol (malformed frame, window overflow, stream id misuse): the session ends. */
    public static final class ProtocolError extends YamuxException {
        private final GoAwayCode code;

        public ProtocolError(String message) {
            this(GoAwayCode.PROTOCOL_ERROR, message);
        }

        public ProtocolError(GoAwayCode code, String message) {
            super(message);
            this.code = code;
        }

        /** The code sent in the GoAway frame. */
        public GoAwayCode code() {
            return code;
        }
    }

    /** One stream failed (reset by either side, or misused by the peer): only that stream is affected. */
    public static final class StreamError extends YamuxException {
        private final int streamId;

        public StreamError(int streamId, String message) {
            super("stream " + Integer.toUnsignedString(streamId) + ": " + message);
            this.streamId = streamId;
        }

        /** The stream id (an unsigned 32-bit value). */
        public int streamId() {
            return streamId;
        }
    }
}
