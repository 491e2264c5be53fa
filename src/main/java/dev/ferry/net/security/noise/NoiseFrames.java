package dev.ferry.net.security.noise;

import java.io.IOException;
import java.io.InputStream;

/** The 2-byte big-endian length framing shared by handshake and transport messages. */
final class NoiseFrames {
    private NoiseFrames() {}

    /**
     * Reads one frame body into {@code buf}; checks the announced length against [{@code min}, {@code max}] before
     * reading the body.
     *
     * @return the body length, or -1 on a clean EOF before the first length byte
     * @throws NoiseException on a length out of range or EOF inside the frame
     */
    static int read(InputStream in, byte[] buf, int min, int max) throws IOException {
        int hi = in.read();
        if (hi < 0) {
            return -1;
        }
        int lo = in.read();
        if (lo < 0) {
            throw new NoiseException("EOF inside a frame length");
        }
        int len = (hi << 8) | lo;
        if (len < min || len > max) {
            throw new NoiseException("frame length " + len + " outside [" + min + ", " + max + "]");
        }
        int off = 0;
        while (off < len) {
            int n = in.read(buf, off, len - off);
            if (n < 0) {
                throw new NoiseException("EOF inside a frame (" + off + " of " + len + " bytes)");
            }
            off += n;
        }
        return len;
    }

    /** Writes the length prefix for a body already placed at {@code buf[2..2+len)}. */
    static void putLength(byte[] buf, int len) {
        buf[0] = (byte) (len >>> 8);
        buf[1] = (byte) len;
    }
}
