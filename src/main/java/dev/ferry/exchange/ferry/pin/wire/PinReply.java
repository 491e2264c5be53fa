package dev.ferry.exchange.ferry.pin.wire;

import java.util.Objects;

/**
 * One pin reply.
 *
 * @param message human-readable detail, never null, may be empty, at most {@link PinWire#MAX_MESSAGE_CHARS} UTF-16
 *                chars
 * @param bytes   bytes of the DAG the answering node holds so far, ≥ 0; 0 when unknown
 * @throws IllegalArgumentException for a longer message or negative bytes (nothing is truncated)
 */
public record PinReply(PinState state, String message, long bytes) {
    public PinReply {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        if (message.length() > PinWire.MAX_MESSAGE_CHARS) {
            throw new IllegalArgumentException("message of " + message.length() + " chars, at most "
                    + PinWire.MAX_MESSAGE_CHARS);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0");
        }
    }

    /** {@code state} with no message and unknown size. */
    public static PinReply of(PinState state) {
        return new PinReply(state, "", 0);
    }

    /** {@code message} cut to the {@value PinWire#MAX_MESSAGE_CHARS} characters a reply carries ({@code ""} for null). */
    public static String fitting(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= PinWire.MAX_MESSAGE_CHARS ? message
                : message.substring(0, PinWire.MAX_MESSAGE_CHARS - 1) + "…";
    }

    /** {@code state} with a message and unknown size. */
    public static PinReply of(PinState state, String message) {
        return new PinReply(state, message, 0);
    }
}
