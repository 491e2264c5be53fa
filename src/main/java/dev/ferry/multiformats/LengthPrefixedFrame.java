package dev.ferry.multiformats;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reading {@code uvarint(length) ‖ body} frames, the unsigned-varint spec's length-prefixed use that most libp2p
 * protocols frame their protobufs with. The length is checked against the cap before anything is allocated; each
 * protocol reports failures with its own exception type.
 */
public final class LengthPrefixedFrame {
    /** Makes a protocol's exception for a bad frame ({@code cause} may be null). */
    @FunctionalInterface
    public interface Failure {
        IOException of(String message, Throwable cause);
    }

    private LengthPrefixedFrame() {}

    /**
     * Reads one frame's body; {@code null} at a clean end of stream (before the first length byte).
     *
     * @throws IOException from {@code failure} for a malformed length, one above {@code maxSize}, or a stream that
     *                     ends inside the frame; plain I/O failures of {@code in} as they are
     */
    public static byte[] read(InputStream in, int maxSize, Failure failure) throws IOException {
        long len;
        try {
            len = Varint.read(in);
        } catch (EOFException e) {
            return null;
        } catch (MultiformatException e) {
            throw failure.of("malformed length prefix: " + e.getMessage(), e);
        }
        if (len > maxSize) {
            throw failure.of("frame of " + len + " bytes exceeds the cap of " + maxSize, null);
        }
        // bounded by maxSize (checked above); read straight into it: readNBytes(int) gathers pieces and copies twice
        byte[] body = new byte[(int) len];
        int n = in.readNBytes(body, 0, body.length);
        if (n != len) {
            throw failure.of("stream ended inside a frame (" + n + " of " + len + " bytes)", null);
        }
        return body;
    }
}
