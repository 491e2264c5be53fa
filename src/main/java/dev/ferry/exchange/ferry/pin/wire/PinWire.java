package dev.ferry.exchange.ferry.pin.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Varint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Framing and protobuf translation of {@code /ferry/pin/1.0.0}. Every length is checked against its cap before
 * anything is allocated; decoders are strict (unknown fields, op or state 0 or unknown, an unparsable or oversized
 * CID, a message beyond its cap, a byte count above 2^63-1 are refused) and throw only {@link PinFormatException} on
 * bad input. Encoders cannot fail: the records only hold what fits.
 */
public final class PinWire {
    /** Largest request frame body: an op and a CID of at most {@link #MAX_CID_BYTES} fit with room to spare. */
    public static final int MAX_REQUEST_BYTES = 1024;
    /**
     * Largest reply frame body. A message of {@link #MAX_MESSAGE_CHARS} UTF-16 chars takes up to 1536 UTF-8 bytes,
     * so the largest valid reply is 1551 bytes.
     */
    public static final int MAX_REPLY_BYTES = 2048;
    public static final int MAX_CID_BYTES = 256;
    public static final int MAX_MESSAGE_CHARS = 512;

    private PinWire() {}

    // ---- framing

    /**
     * Reads one {@code uvarint(length) ‖ body} frame; {@code null} at a clean end of stream before the first byte.
     *
     * @throws PinFormatException malformed length, a length above {@code maxSize} (refused before allocating), or the
     *                            stream ends inside the frame; other I/O failures of {@code in} as they are
     */
    public static byte[] readFrame(InputStream in, int maxSize) throws IOException {
        return LengthPrefixedFrame.read(in, maxSize, PinFormatException::new);
    }

    /** Writes {@code uvarint(body.length) ‖ body} (no flush). */
    public static void writeFrame(OutputStream out, byte[] body) throws IOException {
        Varint.write(body.length, out);
        out.write(body);
    }

    /** Reads one framed request; {@code null} at a clean end of stream before the first byte. */
    public static PinRequest readRequest(InputStream in) throws IOException {
        byte[] body = readFrame(in, MAX_REQUEST_BYTES);
        return body == null ? null : decodeRequest(body);
    }

    /** Reads one framed reply; {@code null} at a clean end of stream before the first byte. */
    public static PinReply readReply(InputStream in) throws IOException {
        byte[] body = readFrame(in, MAX_REPLY_BYTES);
        return body == null ? null : decodeReply(body);
    }

    /** Writes one framed request (no flush). */
    public static void writeRequest(OutputStream out, PinRequest r) throws IOException {
        writeFrame(out, encodeRequest(r));
    }

    /** Writes one framed reply (no flush). */
    public static void writeReply(OutputStream out, PinReply r) throws IOException {
        writeFrame(out, encodeReply(r));
    }

    // ---- request

    public static byte[] encodeRequest(PinRequest r) {
        return PinProto.PinRequest.newBuilder()
                .setOp(r.op().code())
                .setRoot(UnsafeByteOperations.unsafeWrap(r.root().bytes()))
                .build().toByteArray();
    }

    public static PinRequest decodeRequest(byte[] bytes) throws PinFormatException {
        if (bytes.length > MAX_REQUEST_BYTES) {
            throw new PinFormatException("request of " + bytes.length + " bytes, at most " + MAX_REQUEST_BYTES);
        }
        PinProto.PinRequest m;
        try {
            m = PinProto.PinRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new PinFormatException("malformed request: " + e.getMessage(), e);
        }
        requireNoUnknownFields(m, "request");
        PinOp op;
        try {
            op = PinOp.ofCode(m.getOp());
        } catch (IllegalArgumentException e) {
            throw new PinFormatException(m.getOp() == 0 ? "request without an op" : e.getMessage());
        }
        return new PinRequest(op, cid(m.getRoot()));
    }

    // ---- reply

    public static byte[] encodeReply(PinReply r) {
        return PinProto.PinReply.newBuilder()
                .setState(r.state().code())
                .setMessage(r.message())
                .setBytes(r.bytes())
                .build().toByteArray();
    }

    public static PinReply decodeReply(byte[] bytes) throws PinFormatException {
        if (bytes.length > MAX_REPLY_BYTES) {
            throw new PinFormatException("reply of " + bytes.length + " bytes, at most " + MAX_REPLY_BYTES);
        }
        PinProto.PinReply m;
        try {
            m = PinProto.PinReply.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new PinFormatException("malformed reply: " + e.getMessage(), e);
        }
        requireNoUnknownFields(m, "reply");
        PinState state;
        try {
            state = PinState.ofCode(m.getState());
        } catch (IllegalArgumentException e) {
            throw new PinFormatException(m.getState() == 0 ? "reply without a state" : e.getMessage());
        }
        if (m.getMessage().length() > MAX_MESSAGE_CHARS) {
            throw new PinFormatException("message of " + m.getMessage().length() + " chars, at most "
                    + MAX_MESSAGE_CHARS);
        }
        if (m.getBytes() < 0) {
            throw new PinFormatException("byte count above 2^63-1");
        }
        return new PinReply(state, m.getMessage(), m.getBytes());
    }

    // ---- helpers

    private static Cid cid(ByteString b) throws PinFormatException {
        if (b.size() > MAX_CID_BYTES) {
            throw new PinFormatException("root CID of " + b.size() + " bytes, at most " + MAX_CID_BYTES);
        }
        if (b.isEmpty()) {
            throw new PinFormatException("request without a root");
        }
        try {
            return Cid.decode(b.toByteArray());
        } catch (RuntimeException e) {
            throw new PinFormatException("malformed root CID: " + e.getMessage(), e);
        }
    }

    // protobuf-java keeps unknown fields; a strict decoder refuses them
    private static void requireNoUnknownFields(Message m, String what) throws PinFormatException {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            throw new PinFormatException(what + " has unknown fields " + m.getUnknownFields().asMap().keySet());
        }
    }
}
