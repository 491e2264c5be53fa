package dev.ferry.net.multistream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The message framing of multistream-select 1.0: {@code uvarint(n) ‖ utf8 text ‖ '\n'}, where n counts the newline.
 *
 * <p>Reading is byte-exact: exactly the bytes of one message are taken from the {@link InputStream} (the varint one
 * byte at a time), so whatever the peer pipelined after it stays in the stream for the next reader.
 */
public final class MultistreamCodec {
    /** Largest message we accept or send, in bytes, counting the newline (not the varint). */
    public static final int MAX_MESSAGE_LENGTH = 1024;
    /** Largest {@code ls} answer we accept, counting its final newline. */
    public static final int MAX_LS_LENGTH = 64 * 1024;

    private MultistreamCodec() {}

    /** Encodes one message. Throws IllegalArgumentException for text that is not a valid single message. */
    public static byte[] encode(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        checkText(text, utf8);
        return frame(utf8);
    }

    /** Encodes several messages back to back (one write for a pipelined header and proposal). */
    public static byte[] encodeAll(String... texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : texts) {
            out.writeBytes(encode(t));
        }
        return out.toByteArray();
    }

    /**
     * Encodes an {@code ls} answer: one message whose body is the protocols, each itself a message, followed by the
     * closing newline (the form go-multistream and rust-libp2p use).
     */
    public static byte[] encodeList(Collection<String> protocols) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        for (String p : protocols) {
            inner.writeBytes(encode(p));
        }
        if (inner.size() + 1 > MAX_LS_LENGTH) {
            throw new IllegalArgumentException("protocol list too long for an ls answer");
        }
        return frame(inner.toByteArray());
    }

    /**
     * Reads exactly one message and returns its text without the newline.
     *
     * @throws MultistreamException malformed varint, zero or over-long length, missing newline, a newline inside the
     *     text, invalid UTF-8, or the stream ended first
     * @throws IOException when the underlying stream fails
     */
    public static String read(InputStream in) throws IOException {
        byte[] body = readBody(in, MAX_MESSAGE_LENGTH);
        return text(body, 0, body.length - 1);
    }

    /** Reads an {@code ls} answer (see {@link #encodeList}) and returns the listed protocols. */
    public static List<String> readList(InputStream in) throws IOException {
        byte[] body = readBody(in, MAX_LS_LENGTH);
        ByteBuffer buf = ByteBuffer.wrap(body, 0, body.length - 1);
        List<String> out = new ArrayList<>();
        while (buf.hasRemaining()) {
            int len = varint(buf, MAX_MESSAGE_LENGTH);
            if (len > buf.remaining()) {
                throw new MultistreamException("ls entry runs past the end of the answer");
            }
            int start = buf.position();
            if (body[start + len - 1] != '\n') {
                throw new MultistreamException("ls entry does not end with a newline");
            }
            out.add(text(body, start, len - 1));
            buf.position(start + len);
        }
        return out;
    }

    private static byte[] frame(byte[] utf8) {
        int n = utf8.length + 1;
        byte[] out = new byte[varintSize(n) + n];
        int p = 0;
        int v = n;
        while (v >= 0x80) {
            out[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        System.arraycopy(utf8, 0, out, p, utf8.length);
        out[out.length - 1] = '\n';
        return out;
    }

    private static void checkText(String text, byte[] utf8) {
        if (utf8.length + 1 > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("message longer than " + MAX_MESSAGE_LENGTH + " bytes");
        }
        if (text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("message contains a newline");
        }
    }

    private static int varintSize(int v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    // Reads "uvarint(n) ‖ n bytes", checks n against max before allocating and that the last byte is '\n'.
    private static byte[] readBody(InputStream in, int max) throws IOException {
        int len = 0;
        int shift = 0;
        for (int i = 0; ; i++) {
            int b = in.read();
            if (b < 0) {
                throw new MultistreamException(i == 0 ? "stream ended before a message" : "stream ended inside a varint");
            }
            if (i > 0 && b == 0) {
                throw new MultistreamException("non-minimal varint length");
            }
            len |= (b & 0x7f) << shift;
            shift += 7;
            if (len > max) {
                throw new MultistreamException("message longer than " + max + " bytes");
            }
            if ((b & 0x80) == 0) {
                break;
            }
            if (shift > 21) {
                throw new MultistreamException("varint length too long");
            }
        }
        if (len == 0) {
            throw new MultistreamException("empty message (no newline)");
        }
        byte[] body = in.readNBytes(len);
        if (body.length < len) {
            throw new MultistreamException("stream ended inside a message");
        }
        if (body[len - 1] != '\n') {
            throw new MultistreamException("message does not end with a newline");
        }
        return body;
    }

    private static int varint(ByteBuffer buf, int max) throws MultistreamException {
        int len = 0;
        int shift = 0;
        for (int i = 0; ; i++) {
            if (!buf.hasRemaining()) {
                throw new MultistreamException("ls entry: truncated varint");
            }
            int b = buf.get() & 0xff;
            if (i > 0 && b == 0) {
                throw new MultistreamException("ls entry: non-minimal varint");
            }
            len |= (b & 0x7f) << shift;
            shift += 7;
            if (len > max) {
                throw new MultistreamException("ls entry longer than " + max + " bytes");
            }
            if ((b & 0x80) == 0) {
                break;
            }
            if (shift > 21) {
                throw new MultistreamException("ls entry: varint too long");
            }
        }
        if (len == 0) {
            throw new MultistreamException("ls entry: empty");
        }
        return len;
    }

    private static String text(byte[] b, int off, int len) throws MultistreamException {
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                throw new MultistreamException("newline inside a message");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MultistreamException("message is not valid UTF-8");
        }
    }
}
