package dev.ferry.net.autonat.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.autonat.wire.AutonatMessage.Dial;
import dev.ferry.net.autonat.wire.AutonatMessage.DialResponse;
import dev.ferry.net.autonat.wire.AutonatMessage.PeerInfo;
import dev.ferry.net.autonat.wire.AutonatProto.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * AutoNAT frames: a varint length, then a protobuf {@code Message}, at most {@link #MAX_MESSAGE} bytes (go-libp2p's
 * cap). Decoding is strict: a type or status the spec does not define, or a response without its status, is refused
 * rather than read as a default. An absent type is DIAL, the proto2 default the spec's peers rely on.
 */
public final class AutonatCodec {
    public static final int MAX_MESSAGE = 4096;

    private AutonatCodec() {}

    public static byte[] encode(AutonatMessage m) {
        Message.Builder b = Message.newBuilder();
        switch (m) {
            case Dial d -> {
                b.setType(Message.MessageType.DIAL);
                Message.Dial.Builder dial = Message.Dial.newBuilder();
                if (d.peer() != null) {
                    Message.PeerInfo.Builder p = Message.PeerInfo.newBuilder();
                    if (d.peer().id() != null) {
                        p.setId(ByteString.copyFrom(d.peer().id()));
                    }
                    for (byte[] a : d.peer().addrs()) {
                        p.addAddrs(ByteString.copyFrom(a));
                    }
                    dial.setPeer(p);
                }
                b.setDial(dial);
            }
            case DialResponse r -> {
                b.setType(Message.MessageType.DIAL_RESPONSE);
                Message.DialResponse.Builder resp = Message.DialResponse.newBuilder().setStatusValue(r.status().code());
                if (!r.statusText().isEmpty()) {
                    resp.setStatusText(r.statusText());
                }
                if (r.addr() != null) {
                    resp.setAddr(ByteString.copyFrom(r.addr()));
                }
                b.setDialResponse(resp);
            }
        }
        return b.build().toByteArray();
    }

    /**
     * Decodes one message body (without its length prefix).
     *
     * @throws AutonatWireException on malformed protobuf, a body above {@link #MAX_MESSAGE}, or a message the spec does
     *                              not define
     */
    public static AutonatMessage decode(byte[] body) throws AutonatWireException {
        if (body.length > MAX_MESSAGE) {
            throw new AutonatWireException("AutoNAT message of " + body.length + " bytes exceeds " + MAX_MESSAGE, null);
        }
        Message m;
        try {
            m = Message.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new AutonatWireException("not an AutoNAT message: " + e.getMessage(), e);
        }
        int type = m.hasType() ? m.getTypeValue() : Message.MessageType.DIAL_VALUE;
        return switch (type) {
            case Message.MessageType.DIAL_VALUE -> dial(m);
            case Message.MessageType.DIAL_RESPONSE_VALUE -> response(m);
            default -> throw new AutonatWireException("unknown AutoNAT message type " + type, null);
        };
    }

    private static Dial dial(Message m) {
        if (!m.hasDial() || !m.getDial().hasPeer()) {
            return new Dial(null);
        }
        Message.PeerInfo p = m.getDial().getPeer();
        List<byte[]> addrs = new ArrayList<>(p.getAddrsCount());
        for (ByteString a : p.getAddrsList()) {
            addrs.add(a.toByteArray());
        }
        return new Dial(new PeerInfo(p.hasId() ? p.getId().toByteArray() : null, addrs));
    }

    private static DialResponse response(Message m) throws AutonatWireException {
        if (!m.hasDialResponse() || !m.getDialResponse().hasStatus()) {
            throw new AutonatWireException("AutoNAT DIAL_RESPONSE without a status", null);
        }
        Message.DialResponse r = m.getDialResponse();
        int code = r.getStatusValue();
        ResponseStatus status = ResponseStatus.ofCode(code)
                .orElseThrow(() -> new AutonatWireException("unknown AutoNAT response status " + code, null));
        return new DialResponse(status, r.getStatusText(), r.hasAddr() ? r.getAddr().toByteArray() : null);
    }

    /** Writes one length-prefixed message and flushes. */
    public static void write(OutputStream out, AutonatMessage m) throws IOException {
        byte[] body = encode(m);
        if (body.length > MAX_MESSAGE) {
            throw new AutonatWireException("AutoNAT message of " + body.length + " bytes exceeds " + MAX_MESSAGE, null);
        }
        Varint.write(body.length, out);
        out.write(body);
        out.flush();
    }

    /**
     * Reads one length-prefixed message; null at a clean end of stream.
     *
     * @throws AutonatWireException a frame that is malformed, too large, cut short, or not an AutoNAT message
     */
    public static AutonatMessage read(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_MESSAGE, AutonatWireException::new);
        return body == null ? null : decode(body);
    }
}
