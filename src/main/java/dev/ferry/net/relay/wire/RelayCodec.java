package dev.ferry.net.relay.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.record.RecordFormatException;
import dev.ferry.net.record.SignedEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Relay frames: a varint length, then a protobuf {@code HopMessage} or {@code StopMessage}, at most
 * {@link #MAX_MESSAGE} bytes (go-libp2p's cap). Decoding is strict: a missing or unknown type, an unknown status, a
 * CONNECT without its peer, a STATUS without its status, a peer id that is not one, or a voucher that is no signed
 * envelope is refused. Addresses this node cannot parse (a transport it does not know) are skipped, as go-libp2p does,
 * and at most {@link #MAX_ADDRS} are kept. Reads take exactly one frame from the stream: what follows (the relayed
 * connection's first bytes) stays unread.
 */
public final class RelayCodec {
    public static final int MAX_MESSAGE = 4096;
    public static final int MAX_ADDRS = 64;

    private RelayCodec() {}

    public static byte[] encode(HopMessage m) {
        RelayProto.HopMessage.Builder b = RelayProto.HopMessage.newBuilder()
                .setTypeValue(m.type().ordinal());
        if (m.peer() != null) {
            b.setPeer(peer(m.peer()));
        }
        if (m.reservation() != null) {
            RelayProto.Reservation.Builder r = RelayProto.Reservation.newBuilder().setExpire(m.reservation().expire());
            m.reservation().addrs().forEach(a -> r.addAddrs(ByteString.copyFrom(a.bytes())));
            if (m.reservation().voucher() != null) {
                r.setVoucher(ByteString.copyFrom(m.reservation().voucher().encode()));
            }
            b.setReservation(r);
        }
        if (m.limit() != null) {
            b.setLimit(limit(m.limit()));
        }
        if (m.status() != null) {
            b.setStatusValue(m.status().code());
        }
        return b.build().toByteArray();
    }

    public static byte[] encode(StopMessage m) {
        RelayProto.StopMessage.Builder b = RelayProto.StopMessage.newBuilder().setTypeValue(m.type().ordinal());
        if (m.peer() != null) {
            b.setPeer(peer(m.peer()));
        }
        if (m.limit() != null) {
            b.setLimit(limit(m.limit()));
        }
        if (m.status() != null) {
            b.setStatusValue(m.status().code());
        }
        return b.build().toByteArray();
    }

    private static RelayProto.Peer.Builder peer(Peer p) {
        RelayProto.Peer.Builder b = RelayProto.Peer.newBuilder().setId(ByteString.copyFrom(p.id().bytes()));
        p.addrs().forEach(a -> b.addAddrs(ByteString.copyFrom(a.bytes())));
        return b;
    }

    private static RelayProto.Limit.Builder limit(Limit l) {
        RelayProto.Limit.Builder b = RelayProto.Limit.newBuilder();
        if (l.durationSeconds() != 0) {
            b.setDuration((int) l.durationSeconds());
        }
        if (l.dataBytes() != 0) {
            b.setData(l.dataBytes());
        }
        return b;
    }

    /** Decodes one hop message body (without its length prefix). */
    public static HopMessage decodeHop(byte[] body) throws RelayWireException {
        checkSize(body.length);
        RelayProto.HopMessage m;
        try {
            m = RelayProto.HopMessage.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new RelayWireException("not a relay hop message: " + e.getMessage(), e);
        }
        if (!m.hasType()) {
            throw new RelayWireException("relay hop message without a type");
        }
        int t = m.getTypeValue();
        if (t < 0 || t >= HopMessage.Type.values().length) {
            throw new RelayWireException("unknown relay hop message type " + t);
        }
        HopMessage.Type type = HopMessage.Type.values()[t];
        Peer peer = m.hasPeer() ? peer(m.getPeer()) : null;
        Status status = m.hasStatus() ? status(m.getStatusValue()) : null;
        if (type == HopMessage.Type.CONNECT && peer == null) {
            throw new RelayWireException("relay hop CONNECT without a peer");
        }
        if (type == HopMessage.Type.STATUS && status == null) {
            throw new RelayWireException("relay hop STATUS without a status");
        }
        Reservation reservation = m.hasReservation() ? reservation(m.getReservation()) : null;
        Limit limit = m.hasLimit() ? limit(m.getLimit()) : null;
        return new HopMessage(type, peer, reservation, limit, status);
    }

    /** Decodes one stop message body (without its length prefix). */
    public static StopMessage decodeStop(byte[] body) throws RelayWireException {
        checkSize(body.length);
        RelayProto.StopMessage m;
        try {
            m = RelayProto.StopMessage.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new RelayWireException("not a relay stop message: " + e.getMessage(), e);
        }
        if (!m.hasType()) {
            throw new RelayWireException("relay stop message without a type");
        }
        int t = m.getTypeValue();
        if (t < 0 || t >= StopMessage.Type.values().length) {
            throw new RelayWireException("unknown relay stop message type " + t);
        }
        StopMessage.Type type = StopMessage.Type.values()[t];
        Peer peer = m.hasPeer() ? peer(m.getPeer()) : null;
        Status status = m.hasStatus() ? status(m.getStatusValue()) : null;
        if (type == StopMessage.Type.CONNECT && peer == null) {
            throw new RelayWireException("relay stop CONNECT without a peer");
        }
        if (type == StopMessage.Type.STATUS && status == null) {
            throw new RelayWireException("relay stop STATUS without a status");
        }
        return new StopMessage(type, peer, m.hasLimit() ? limit(m.getLimit()) : null, status);
    }

    private static void checkSize(int length) throws RelayWireException {
        if (length > MAX_MESSAGE) {
            throw new RelayWireException("relay message of " + length + " bytes exceeds " + MAX_MESSAGE);
        }
    }

    private static Status status(int code) throws RelayWireException {
        return Status.ofCode(code).orElseThrow(() -> new RelayWireException("unknown relay status " + code));
    }

    private static Peer peer(RelayProto.Peer p) throws RelayWireException {
        if (!p.hasId()) {
            throw new RelayWireException("relay peer without an id");
        }
        PeerId id;
        try {
            id = PeerId.fromBytes(p.getId().toByteArray());
        } catch (KeyFormatException e) {
            throw new RelayWireException("relay peer id is not one: " + e.getMessage(), e);
        }
        return new Peer(id, addrs(p.getAddrsList()));
    }

    private static Reservation reservation(RelayProto.Reservation r) throws RelayWireException {
        if (r.getExpire() < 0) {
            throw new RelayWireException("relay reservation expiry out of range: "
                    + Long.toUnsignedString(r.getExpire()));
        }
        SignedEnvelope voucher = null;
        if (r.hasVoucher()) {
            try {
                voucher = SignedEnvelope.decode(r.getVoucher().toByteArray());
            } catch (RecordFormatException | RuntimeException e) {
                throw new RelayWireException("relay voucher is no signed envelope: " + e.getMessage(), e);
            }
        }
        return new Reservation(r.getExpire(), addrs(r.getAddrsList()), voucher);
    }

    private static Limit limit(RelayProto.Limit l) throws RelayWireException {
        if (l.getData() < 0) {
            throw new RelayWireException("relay data limit out of range: " + Long.toUnsignedString(l.getData()));
        }
        return new Limit(Integer.toUnsignedLong(l.getDuration()), l.getData());
    }

    private static List<Multiaddr> addrs(List<ByteString> raw) {
        List<Multiaddr> out = new ArrayList<>();
        for (ByteString b : raw) {
            if (out.size() == MAX_ADDRS) {
                break;
            }
            try {
                out.add(Multiaddr.decode(b.toByteArray()));
            } catch (MultiformatException e) {
                // an address of a transport this node does not know: of no use to it
            }
        }
        return out;
    }

    public static void write(OutputStream out, HopMessage m) throws IOException {
        frame(out, encode(m));
    }

    public static void write(OutputStream out, StopMessage m) throws IOException {
        frame(out, encode(m));
    }

    private static void frame(OutputStream out, byte[] body) throws IOException {
        checkSize(body.length);
        Varint.write(body.length, out);
        out.write(body);
        out.flush();
    }

    /**
     * Reads one hop message; null at a clean end of stream.
     *
     * @throws RelayWireException a frame that is malformed, too large, cut short, or not a hop message
     */
    public static HopMessage readHop(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_MESSAGE, RelayWireException::new);
        return body == null ? null : decodeHop(body);
    }

    /** Reads one stop message; null at a clean end of stream. */
    public static StopMessage readStop(InputStream in) throws IOException {
        byte[] body = LengthPrefixedFrame.read(in, MAX_MESSAGE, RelayWireException::new);
        return body == null ? null : decodeStop(body);
    }
}
