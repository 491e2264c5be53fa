package dev.ferry.net.autonat.v2.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2Proto.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * AutoNAT v2 frames: a varint length, then a protobuf body. A {@code Message} is at most {@link #MAX_MESSAGE} bytes,
 * a {@code DialBack} or {@code DialBackResponse} at most {@link #MAX_DIAL_BACK} (go-libp2p's caps), and dial data at
 * most {@link #MAX_DIAL_DATA} bytes per message (the spec's). Decoding is strict: a message without its body, a status
 * the spec does not define, an index or a byte count beyond what the wire type allows is refused rather than read as
 * a default.
 */
public final class AutonatV2Codec {
    public static final int MAX_MESSAGE = 8192;
    public static final int MAX_DIAL_BACK = 1024;
    public static final int MAX_DIAL_DATA = 4096;

    private AutonatV2Codec() {}

    public static byte[] encode(AutonatV2Message m) {
        Message.Builder b = Message.newBuilder();
        switch (m) {
            case DialRequest r -> {
                AutonatV2Proto.DialRequest.Builder req = AutonatV2Proto.DialRequest.newBuilder().setNonce(r.nonce());
                for (byte[] a : r.addrs()) {
                    req.addAddrs(ByteString.copyFrom(a));
                }
                b.setDialRequest(req);
            }
            case DialResponse r -> b.setDialResponse(AutonatV2Proto.DialResponse.newBuilder()
                    .setStatusValue(r.status().code()).setAddrIdx(r.addrIdx())
                    .setDialStatusValue(r.dialStatus().code()));
            case DialDataRequest r -> b.setDialDataRequest(AutonatV2Proto.DialDataRequest.newBuilder()
                    .setAddrIdx(r.addrIdx()).setNumBytes(r.numBytes()));
            case DialDataResponse r -> b.setDialDataResponse(AutonatV2Proto.DialDataResponse.newBuilder()
                    .setData(ByteString.copyFrom(r.data())));
        }
        return b.build().toByteArray();
    }

    /**
     * Decodes one message body (without its length prefix).
     *
     * @throws AutonatV2WireException malformed protobuf, a body above {@link #MAX_MESSAGE}, no message in it, or one
     *                                the spec does not define
     */
    public static AutonatV2Message decode(byte[] body) throws AutonatV2WireException {
        checkSize(body.length, MAX_MESSAGE);
        Message m;
        try {
            m = Message.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new AutonatV2WireException("not an AutoNAT v2 message: " + e.getMessage(), e);
        }
        return switch (m.getMsgCase()) {
            case DIALREQUEST -> {
                List<byte[]> addrs = new ArrayList<>(m.getDialRequest().getAddrsCount());
                for (ByteString a : m.getDialRequest().getAddrsList()) {
                    addrs.add(a.toByteArray());
                }
                yield new DialRequest(addrs, m.getDialRequest().getNonce());
            }
            case DIALRESPONSE -> {
                AutonatV2Proto.DialResponse r = m.getDialResponse();
                DialResponseStatus status = DialResponseStatus.ofCode(r.getStatusValue()).orElseThrow(
                        () -> new AutonatV2WireException("unknown AutoNAT v2 response status " + r.getStatusValue(),
                                null));
                DialStatus dial = DialStatus.ofCode(r.getDialStatusValue()).orElseThrow(
                        () -> new AutonatV2WireException("unknown AutoNAT v2 dial status " + r.getDialStatusValue(),
                                null));
                yield new DialResponse(status, index(r.getAddrIdx()), dial);
            }
            case DIALDATAREQUEST -> {
                long n = m.getDialDataRequest().getNumBytes();
                if (n < 0) {
                    throw new AutonatV2WireException("AutoNAT v2 dial data request of " + Long.toUnsignedString(n)
                            + " bytes", null);
                }
                yield new DialDataRequest(index(m.getDialDataRequest().getAddrIdx()), n);
            }
            case DIALDATARESPONSE -> {
                ByteString data = m.getDialDataResponse().getData();
                if (data.size() > MAX_DIAL_DATA) {
                    throw new AutonatV2WireException("AutoNAT v2 dial data of " + data.size() + " bytes in one "
                            + "message exceeds " + MAX_DIAL_DATA, null);
                }
                yield new DialDataResponse(data.toByteArray());
            }
            case MSG_NOT_SET -> throw new AutonatV2WireException("AutoNAT v2 message without a body", null);
        };
    }

    private static int index(int wire) throws AutonatV2WireException {
        if (wire < 0) { // a uint32 above 2^31 - 1: no list is that long
            throw new AutonatV2WireException("AutoNAT v2 address index " + Integer.toUnsignedString(wire)
                    + " out of range", null);
        }
        return wire;
    }

    public static byte[] encode(DialBack d) {
        return AutonatV2Proto.DialBack.newBuilder().setNonce(d.nonce()).build().toByteArray();
    }

    public static byte[] encode(DialBackResponse r) {
        return AutonatV2Proto.DialBackResponse.newBuilder().setStatus(AutonatV2Proto.DialBackResponse.DialBackStatus.OK)
                .build().toByteArray();
    }

    public static DialBack decodeDialBack(byte[] body) throws AutonatV2WireException {
        checkSize(body.length, MAX_DIAL_BACK);
        try {
            return new DialBack(AutonatV2Proto.DialBack.parseFrom(body).getNonce());
        } catch (InvalidProtocolBufferException e) {
            throw new AutonatV2WireException("not an AutoNAT v2 DialBack: " + e.getMessage(), e);
        }
    }

    public static DialBackResponse decodeDialBackResponse(byte[] body) throws AutonatV2WireException {
        checkSize(body.length, MAX_DIAL_BACK);
        AutonatV2Proto.DialBackResponse r;
        try {
            r = AutonatV2Proto.DialBackResponse.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new AutonatV2WireException("not an AutoNAT v2 DialBackResponse: " + e.getMessage(), e);
        }
        if (r.getStatusValue() != AutonatV2Proto.DialBackResponse.DialBackStatus.OK_VALUE) {
            throw new AutonatV2WireException("unknown AutoNAT v2 dial-back status " + r.getStatusValue(), null);
        }
        return new DialBackResponse();
    }

    /** Writes one length-prefixed message and flushes. */
    public static void write(OutputStream out, AutonatV2Message m) throws IOException {
        frame(out, encode(m), MAX_MESSAGE);
    }

    public static void write(OutputStream out, DialBack d) throws IOException {
        frame(out, encode(d), MAX_DIAL_BACK);
    }

    public static void write(OutputStream out, DialBackResponse r) throws IOException {
        frame(out, encode(r), MAX_DIAL_BACK);
    }

    /**
     * Reads one length-prefixed message; null at a clean end of stream.
     *
     * @throws AutonatV2WireException a frame that is malformed, too large, cut short, or not a message
     */
    public static AutonatV2Message read(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_MESSAGE, AutonatV2WireException::new);
        return body == null ? null : decode(body);
    }

    /** Reads one length-prefixed {@code DialBack}; null at a clean end of stream. */
    public static DialBack readDialBack(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_DIAL_BACK, AutonatV2WireException::new);
        return body == null ? null : decodeDialBack(body);
    }

    /** Reads one length-prefixed {@code DialBackResponse}; null at a clean end of stream. */
    public static DialBackResponse readDialBackResponse(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_DIAL_BACK, AutonatV2WireException::new);
        return body == null ? null : decodeDialBackResponse(body);
    }

    private static void frame(OutputStream out, byte[] body, int max) throws IOException {
        checkSize(body.length, max);
        Varint.write(body.length, out);
        out.write(body);
        out.flush();
    }

    private static void checkSize(int size, int max) throws AutonatV2WireException {
        if (size > max) {
            throw new AutonatV2WireException("AutoNAT v2 message of " + size + " bytes exceeds " + max, null);
        }
    }
}
