package dev.ferry.net.mux.yamux;

/**
 * A decoded and validated 12-byte Yamux header.
 *
 * @param type the frame type
 * @param flags the {@link YamuxFlags} bits
 * @param streamId the stream id, an unsigned 32-bit value (0 for Ping and GoAway)
 * @param length the unsigned 32-bit length field: payload size, window delta, ping value or GoAway code
 */
public record YamuxHeader(YamuxFrameType type, int flags, int streamId, long length) {
    /** Size of a header on the wire. */
    public static final int SIZE = 12;
    /** The only protocol version. */
    public static final int VERSION = 0;

    public YamuxHeader {
        if (length < 0 || length > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("length out of u32 range: " + length);
        }
        if ((flags & ~YamuxFlags.ALL) != 0) {
            throw new IllegalArgumentException("unknown flags: " + flags);
        }
    }

    /** True when every bit of {@code flag} is set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    @Override
    public String toString() {
        return type + "[" + YamuxFlags.toString(flags) + " id=" + Integer.toUnsignedString(streamId) + " len=" + length
                + "]";
    }
}
