package dev.ferry.net.mux.yamux;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Yamux frames from an {@link InputStream} and encodes them.
 *
 * <p>The header is read and validated first; a Data length is checked against the cap given at construction before
 * a single payload byte is read or allocated. The first failure is sticky: every later call throws it again, since
 * the stream position is then meaningless. Not thread-safe (the session has one reader thread).
 */
public final class YamuxFrameCodec {
    private final InputStream in;
    private final int maxDataLength;
    private final byte[] header = new byte[YamuxHeader.SIZE];
    private YamuxException.ProtocolError failure;

    /**
     * @param in where frames are read from, byte-exactly
     * @param maxDataLength the largest Data payload accepted (a protocol error above it)
     */
    public YamuxFrameCodec(InputStream in, int maxDataLength) {
        if (maxDataLength < 0) {
            throw new IllegalArgumentException("maxDataLength");
        }
        this.in = in;
        this.maxDataLength = maxDataLength;
    }

    /**
     * Reads and validates the next header. Returns null at a clean end of stream (before the first header byte).
     * The payload of a Data frame is left in the stream for the caller.
     *
     * @throws YamuxException.ProtocolError malformed header, or the stream ended inside it
     */
    public YamuxHeader readHeader() throws IOException {
        if (failure != null) {
            throw failure;
        }
        int n = in.readNBytes(header, 0, YamuxHeader.SIZE);
        if (n == 0) {
            return null;
        }
        if (n < YamuxHeader.SIZE) {
            throw fail("stream ended inside a frame header");
        }
        try {
            return decodeHeader(header, 0, maxDataLength);
        } catch (YamuxException.ProtocolError e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Reads a whole frame (header and Data payload). Returns null at a clean end of stream.
     *
     * @throws YamuxException.ProtocolError malformed frame, or the stream ended inside it
     */
    public YamuxFrame readFrame() throws IOException {
        YamuxHeader h = readHeader();
        if (h == null) {
            return null;
        }
        return switch (h.type()) {
            case DATA -> {
                int len = (int) h.length(); // <= maxDataLength, checked by decodeHeader
                byte[] payload = in.readNBytes(len);
                if (payload.length < len) {
                    throw fail("stream ended inside a data payload");
                }
                yield new YamuxFrame.Data(h.streamId(), h.flags(), payload);
            }
            case WINDOW_UPDATE -> new YamuxFrame.WindowUpdate(h.streamId(), h.flags(), h.length());
            case PING -> new YamuxFrame.Ping(h.flags(), h.length());
            case GO_AWAY -> new YamuxFrame.GoAway(GoAwayCode.of(h.length()).orElseThrow());
        };
    }

    /** Remembers a failure discovered by the caller (for example a truncated payload) so that it is sticky. */
    YamuxException.ProtocolError fail(String message) {
        if (failure == null) {
            failure = new YamuxException.ProtocolError(message);
        }
        return failure;
    }

    /**
     * Decodes and validates 12 header bytes at {@code off}.
     *
     * <ul>
     *   <li>version must be 0, type 0..3, only the four defined flags;
     *   <li>Data and WindowUpdate need a non-zero stream id, Ping and GoAway stream id 0;
     *   <li>a Data length above {@code maxDataLength} is refused (before any payload is read);
     *   <li>a Ping carries exactly one of SYN and ACK; a GoAway has no flags and a known code.
     * </ul>
     */
    public static YamuxHeader decodeHeader(byte[] b, int off, int maxDataLength) throws YamuxException.ProtocolError {
        int version = b[off] & 0xff;
        if (version != YamuxHeader.VERSION) {
            throw new YamuxException.ProtocolError("unsupported version " + version);
        }
        YamuxFrameType type = YamuxFrameType.ofOrNull(b[off + 1] & 0xff);
        if (type == null) {
            throw new YamuxException.ProtocolError("unknown frame type " + (b[off + 1] & 0xff));
        }
        int flags = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        if ((flags & ~YamuxFlags.ALL) != 0) {
            throw new YamuxException.ProtocolError("unknown flags 0x" + Integer.toHexString(flags));
        }
        int streamId = readInt(b, off + 4);
        long length = readInt(b, off + 8) & 0xFFFF_FFFFL;
        switch (type) {
            case DATA, WINDOW_UPDATE -> {
                if (streamId == 0) {
                    throw new YamuxException.ProtocolError(type + " on stream 0");
                }
                if (type == YamuxFrameType.DATA && length > maxDataLength) {
                    throw new YamuxException.ProtocolError("data frame of " + length + " bytes exceeds " + maxDataLength);
                }
            }
            case PING -> {
                if (streamId != 0) {
                    throw new YamuxException.ProtocolError("ping on a stream");
                }
                if (flags != YamuxFlags.SYN && flags != YamuxFlags.ACK) {
                    throw new YamuxException.ProtocolError("ping needs SYN or ACK, got " + YamuxFlags.toString(flags));
                }
            }
            case GO_AWAY -> {
                if (streamId != 0) {
                    throw new YamuxException.ProtocolError("go-away on a stream");
                }
                if (flags != 0) {
                    throw new YamuxException.ProtocolError("go-away with flags");
                }
                if (GoAwayCode.of(length).isEmpty()) {
                    throw new YamuxException.ProtocolError("unknown go-away code " + length);
                }
            }
        }
        return new YamuxHeader(type, flags, streamId, length);
    }

    /** Writes a 12-byte header at {@code off}. The caller guarantees the arguments are in range. */
    public static void encodeHeader(byte[] dst, int off, YamuxFrameType type, int flags, int streamId, long length) {
        dst[off] = YamuxHeader.VERSION;
        dst[off + 1] = (byte) type.code();
        dst[off + 2] = (byte) (flags >>> 8);
        dst[off + 3] = (byte) flags;
        writeInt(dst, off + 4, streamId);
        writeInt(dst, off + 8, (int) length);
    }

    /** Encodes a whole frame. */
    public static byte[] encode(YamuxFrame frame) {
        YamuxHeader h = frame.header();
        byte[] payload = frame instanceof YamuxFrame.Data d ? d.payload() : new byte[0];
        byte[] out = new byte[YamuxHeader.SIZE + payload.length];
        encodeHeader(out, 0, h.type(), h.flags(), h.streamId(), h.length());
        System.arraycopy(payload, 0, out, YamuxHeader.SIZE, payload.length);
        return out;
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
