package dev.ferry.routing.dht.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.multiformats.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DHT frames: a varint length, then the {@code Message} protobuf. Lengths are checked against the cap before a byte
 * of the body is allocated; counts of peers and addresses, and the sizes of keys, IDs and addresses, before the
 * message is handed on.
 */
public final class DhtCodec {
    /** The largest frame read (go-libp2p-kad-dht allows 4 MiB; a DHT message without records is far smaller). */
    public static final int MAX_FRAME = 1 << 20;
    /** Peers in one list at most (a response carries k = 20 closer peers; providers are capped likewise). */
    public static final int MAX_PEERS = 64;
    /** Addresses of one peer at most. */
    public static final int MAX_ADDRS = 32;
    /** The largest key, peer ID or address. */
    public static final int MAX_KEY = 256;
    public static final int MAX_ADDR = 512;

    private DhtCodec() {}

    public static void write(OutputStream out, DhtMessage m) throws IOException {
        byte[] body = encode(m);
        Varint.write(body.length, out);
        out.write(body);
        out.flush();
    }

    /** The next frame's message, or null at a clean end of stream. */
    public static DhtMessage read(InputStream in) throws IOException, DhtWireException {
        long len;
        try {
            len = Varint.read(in);
        } catch (EOFException e) {
            return null;
        } catch (IllegalArgumentException e) {
            throw new DhtWireException("bad frame length: " + e.getMessage(), e);
        }
        if (len > MAX_FRAME) {
            throw new DhtWireException("a frame of " + len + " bytes (at most " + MAX_FRAME + ")");
        }
        byte[] body = in.readNBytes((int) len);
        if (body.length != len) {
            throw new DhtWireException("frame truncated");
        }
        return decode(body);
    }

    public static byte[] encode(DhtMessage m) {
        DhtProto.Message.Builder b = DhtProto.Message.newBuilder().setTypeValue(m.type().ordinal())
                .setKey(ByteString.copyFrom(m.key()));
        if (m.record() != null) {
            DhtProto.Record.Builder r = DhtProto.Record.newBuilder().setKey(ByteString.copyFrom(m.record().key()))
                    .setValue(ByteString.copyFrom(m.record().value()));
            if (m.record().timeReceived() != null) {
                r.setTimeReceived(m.record().timeReceived());
            }
            b.setRecord(r);
        }
        m.closerPeers().forEach(p -> b.addCloserPeers(peer(p)));
        m.providerPeers().forEach(p -> b.addProviderPeers(peer(p)));
        return b.build().toByteArray();
    }

    private static DhtProto.Message.Peer peer(DhtPeer p) {
        DhtProto.Message.Peer.Builder b = DhtProto.Message.Peer.newBuilder().setId(ByteString.copyFrom(p.id()))
                .setConnectionValue(p.connection());
        p.addrs().forEach(a -> b.addAddrs(ByteString.copyFrom(a)));
        return b.build();
    }

    /**
     * Decodes one message body.
     *
     * @throws DhtWireException malformed protobuf, an unknown type, or a count or size beyond its cap
     */
    public static DhtMessage decode(byte[] body) throws DhtWireException {
        if (body.length > MAX_FRAME) {
            throw new DhtWireException("a message of " + body.length + " bytes (at most " + MAX_FRAME + ")");
        }
        DhtProto.Message m;
        try {
            m = DhtProto.Message.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new DhtWireException("malformed DHT message: " + e.getMessage(), e);
        }
        int type = m.getTypeValue();
        if (type < 0 || type >= DhtMessageType.values().length) {
            throw new DhtWireException("unknown DHT message type " + type);
        }
        if (m.getKey().size() > MAX_KEY) {
            throw new DhtWireException("a key of " + m.getKey().size() + " bytes (at most " + MAX_KEY + ")");
        }
        if (m.getCloserPeersCount() > MAX_PEERS || m.getProviderPeersCount() > MAX_PEERS) {
            throw new DhtWireException("more than " + MAX_PEERS + " peers in one list");
        }
        DhtRecord record = null;
        if (m.hasRecord()) {
            DhtProto.Record r = m.getRecord();
            if (r.getKey().size() > MAX_KEY) {
                throw new DhtWireException("a record key of " + r.getKey().size() + " bytes");
            }
            record = new DhtRecord(r.getKey().toByteArray(), r.getValue().toByteArray(), r.getTimeReceived());
        }
        return new DhtMessage(DhtMessageType.values()[type], m.getKey().toByteArray(), record,
                peers(m.getCloserPeersList()), peers(m.getProviderPeersList()));
    }

    private static List<DhtPeer> peers(List<DhtProto.Message.Peer> list) throws DhtWireException {
        List<DhtPeer> out = new ArrayList<>(list.size());
        for (DhtProto.Message.Peer p : list) {
            if (p.getId().size() > MAX_KEY || p.getAddrsCount() > MAX_ADDRS) {
                throw new DhtWireException("a peer with an ID of " + p.getId().size() + " bytes and "
                        + p.getAddrsCount() + " addresses");
            }
            List<byte[]> addrs = new ArrayList<>(p.getAddrsCount());
            for (ByteString a : p.getAddrsList()) {
                if (a.size() > MAX_ADDR) {
                    throw new DhtWireException("an address of " + a.size() + " bytes");
                }
                addrs.add(a.toByteArray());
            }
            int connection = p.getConnectionValue();
            out.add(new DhtPeer(p.getId().toByteArray(), addrs, connection >= 0 && connection <= 3 ? connection : 0));
        }
        return out;
    }
}
