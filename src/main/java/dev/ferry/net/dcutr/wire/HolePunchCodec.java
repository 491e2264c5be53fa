package dev.ferry.net.dcutr.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Varint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DCUtR frames: a varint length, then a protobuf {@code HolePunch}, at most {@link #MAX_MESSAGE} bytes (go-libp2p's
 * cap). Decoding is strict: a missing or unknown type is refused. Addresses this node cannot parse (a transport it does
 * not know) are skipped, as go-libp2p does, and at most {@link #MAX_ADDRS} are kept.
 */
public final class HolePunchCodec {
    public static final int MAX_MESSAGE = 4096;
    public static final int MAX_ADDRS = 64;

    private HolePunchCodec() {}

    public static byte[] encode(HolePunch m) {
        DcutrProto.HolePunch.Builder b = DcutrProto.HolePunch.newBuilder().setTypeValue(m.type().code());
        m.obsAddrs().forEach(a -> b.addObsAddrs(ByteString.copyFrom(a.bytes())));
        return b.build().toByteArray();
    }

    /** Decodes one message body (without its length prefix). */
    public static HolePunch decode(byte[] body) throws DcutrWireException {
        checkSize(body.length);
        DcutrProto.HolePunch m;
        try {
            m = DcutrProto.HolePunch.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new DcutrWireException("not a DCUtR message: " + e.getMessage(), e);
        }
        if (!m.hasType()) {
            throw new DcutrWireException("DCUtR message without a type");
        }
        HolePunch.Type type = switch (m.getTypeValue()) {
            case 100 -> HolePunch.Type.CONNECT;
            case 300 -> HolePunch.Type.SYNC;
            default -> throw new DcutrWireException("unknown DCUtR message type " + m.getTypeValue());
        };
        List<Multiaddr> addrs = new ArrayList<>();
        for (ByteString raw : m.getObsAddrsList()) {
            if (addrs.size() == MAX_ADDRS) {
                break;
            }
            try {
                addrs.add(Multiaddr.decode(raw.toByteArray()));
            } catch (MultiformatException e) {
                // an address of a transport this node does not know: of no use to it
            }
        }
        return new HolePunch(type, addrs);
    }

    private static void checkSize(int length) throws DcutrWireException {
        if (length > MAX_MESSAGE) {
            throw new DcutrWireException("DCUtR message of " + length + " bytes exceeds " + MAX_MESSAGE);
        }
    }

    public static void write(OutputStream out, HolePunch m) throws IOException {
        byte[] body = encode(m);
        checkSize(body.length);
        Varint.write(body.length, out);
        out.write(body);
        out.flush();
    }

    /**
     * Reads one message; null at a clean end of stream.
     *
     * @throws DcutrWireException a frame that is malformed, too large, cut short, or of an unknown type
     */
    public static HolePunch read(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_MESSAGE, DcutrWireException::new);
        return body == null ? null : decode(body);
    }
}
