package dev.ferry.net.mux.yamux;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A whole Yamux frame as a value (for tests, tools and logs; the session's hot path works on headers and reads
 * payloads straight into stream buffers).
 */
public sealed interface YamuxFrame {

    /** The header this frame encodes to. */
    YamuxHeader header();

    /** Stream data. */
    record Data(int streamId, int flags, byte[] payload) implements YamuxFrame {
        public Data {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public YamuxHeader header() {
            return new YamuxHeader(YamuxFrameType.DATA, flags, streamId, payload.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.streamId == streamId && d.flags == flags && Arrays.equals(d.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * streamId + flags) + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Data[" + YamuxFlags.toString(flags) + " id=" + Integer.toUnsignedString(streamId) + " "
                    + HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 32))
                    + (payload.length > 32 ? "…(" + payload.length + ")" : "") + "]";
        }
    }

    /** Flow-control credit {@code delta} (unsigned 32-bit) for a stream; also carries SYN/ACK/FIN/RST. */
    record WindowUpdate(int streamId, int flags, long delta) implements YamuxFrame {
        @Override
        public YamuxHeader header() {
            return new YamuxHeader(YamuxFrameType.WINDOW_UPDATE, flags, streamId, delta);
        }
    }

    /** A ping ({@code SYN}) or its answer ({@code ACK}) with an opaque unsigned 32-bit value. */
    record Ping(int flags, long value) implements YamuxFrame {
        @Override
        public YamuxHeader header() {
            return new YamuxHeader(YamuxFrameType.PING, flags, 0, value);
        }
    }

    /** The end of the session. */
    record GoAway(GoAwayCode code) implements YamuxFrame {
        @Override
        public YamuxHeader header() {
            return new YamuxHeader(YamuxFrameType.GO_AWAY, 0, 0, code.code());
        }
    }
}
