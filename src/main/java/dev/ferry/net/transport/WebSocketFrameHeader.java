package dev.ferry.net.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The header of one WebSocket frame (RFC 6455 section 5.2): FIN, opcode, whether the payload is masked and with
 * which key, and the payload's length. Read strictly: reserved bits set (no extension is ever negotiated), an unknown
 * opcode, a length not in its shortest form or past 2^63, a fragmented or over-long control frame are all refused.
 *
 * @param fin     the last frame of its message
 * @param opcode  one of the {@code OP_} constants
 * @param masked  whether a masking key follows (every client frame, no server frame)
 * @param maskKey the masking key, its first byte the highest (0 when not masked)
 * @param length  the payload's length in bytes
 */
public record WebSocketFrameHeader(boolean fin, int opcode, boolean masked, int maskKey, long length) {
    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;
    /** The longest payload a control frame may carry. */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** The longest header: 2 bytes, an 8-byte length and a 4-byte key. */
    public static final int MAX_SIZE = 14;

    /** RFC 6455 close codes this transport sends. */
    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_UNSUPPORTED_DATA = 1003;

    public WebSocketFrameHeader {
        if (!isKnown(opcode)) {
            throw new IllegalArgumentException("unknown opcode " + opcode);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (isControl(opcode) && (!fin || length > MAX_CONTROL_PAYLOAD)) {
            throw new IllegalArgumentException("control frames are whole and at most 125 bytes");
        }
        if (!masked && maskKey != 0) {
            throw new IllegalArgumentException("a key on an unmasked frame");
        }
    }

    /** True for close, ping and pong. */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    private static boolean isKnown(int opcode) {
        return opcode == OP_CONTINUATION || opcode == OP_TEXT || opcode == OP_BINARY || opcode == OP_CLOSE
                || opcode == OP_PING || opcode == OP_PONG;
    }

    /** True when this frame's payload is a control message. */
    public boolean isControl() {
        return isControl(opcode);
    }

    /**
     * Reads one header; {@code null} when the stream ends cleanly before its first byte.
     *
     * @throws WebSocketException the header breaks RFC 6455
     * @throws EOFException the stream ends inside the header
     */
    public static WebSocketFrameHeader read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = readByte(in);
        if ((b0 & 0x70) != 0) {
            throw new WebSocketException("reserved bits set in a frame (no extension was agreed)",
                    CLOSE_PROTOCOL_ERROR);
        }
        int opcode = b0 & 0x0F;
        if (!isKnown(opcode)) {
            throw new WebSocketException("unknown frame opcode " + opcode, CLOSE_PROTOCOL_ERROR);
        }
        boolean fin = (b0 & 0x80) != 0;
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
            if (length < 126) {
                throw new WebSocketException("frame length " + length + " not in its shortest form",
                        CLOSE_PROTOCOL_ERROR);
            }
        } else if (length == 127) {
            long l = 0;
            for (int i = 0; i < 8; i++) {
                l = (l << 8) | readByte(in);
            }
            if (l < 0) {
                throw new WebSocketException("frame length past 2^63", CLOSE_PROTOCOL_ERROR);
            }
            if (l <= 0xFFFF) {
                throw new WebSocketException("frame length " + l + " not in its shortest form", CLOSE_PROTOCOL_ERROR);
            }
            length = l;
        }
        if (isControl(opcode) && (!fin || length > MAX_CONTROL_PAYLOAD)) {
            throw new WebSocketException("a control frame fragmented or longer than 125 bytes", CLOSE_PROTOCOL_ERROR);
        }
        int key = 0;
        if (masked) {
            key = (readByte(in) << 24) | (readByte(in) << 16) | (readByte(in) << 8) | readByte(in);
        }
        return new WebSocketFrameHeader(fin, opcode, masked, key, length);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection ended inside a WebSocket frame header");
        }
        return b;
    }

    /** Writes this header into {@code buf} at {@code off}; returns its size. */
    public int encode(byte[] buf, int off) {
        int p = off;
        buf[p++] = (byte) ((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            buf[p++] = (byte) (maskBit | length);
        } else if (length <= 0xFFFF) {
            buf[p++] = (byte) (maskBit | 126);
            buf[p++] = (byte) (length >>> 8);
            buf[p++] = (byte) length;
        } else {
            buf[p++] = (byte) (maskBit | 127);
            for (int s = 56; s >= 0; s -= 8) {
                buf[p++] = (byte) (length >>> s);
            }
        }
        if (masked) {
            buf[p++] = (byte) (maskKey >>> 24);
            buf[p++] = (byte) (maskKey >>> 16);
            buf[p++] = (byte) (maskKey >>> 8);
            buf[p++] = (byte) maskKey;
        }
        return p - off;
    }
}
