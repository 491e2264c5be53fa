package dev.ferry.pubsub.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Varint;
import dev.ferry.pubsub.wire.PubsubProto.ControlIHave;
import dev.ferry.pubsub.wire.PubsubProto.ControlIWant;
import dev.ferry.pubsub.wire.PubsubProto.ControlMessage;
import dev.ferry.pubsub.wire.PubsubProto.ControlPrune;
import dev.ferry.pubsub.wire.PubsubProto.RPC;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Pubsub framing and RPC decoding. A frame's length is checked against the cap before anything is allocated; a
 * decoded RPC is held to counts that bound what the router keeps for it (subscriptions, topic lengths, message IDs
 * in IHAVE/IWANT/IDONTWANT, peers offered in PRUNE). Malformed input throws only {@link PubsubWireException};
 * failures of the stream itself stay {@link IOException}s. What a message means (signature, topic) is the router's.
 */
public final class PubsubCodec {
    /** The largest RPC frame read or written by default: 1 MiB, the limit go-libp2p-pubsub and Kubo use. */
    public static final int DEFAULT_MAX_FRAME = 1 << 20;
    /** Subscription changes in one RPC. */
    public static final int MAX_SUBSCRIPTIONS = 1024;
    /** Bytes of a topic name. */
    public static final int MAX_TOPIC_BYTES = 1024;
    /** Bytes of a message ID. */
    public static final int MAX_MESSAGE_ID_BYTES = 512;
    /** Message IDs in all IHAVEs, and in all IWANTs, of one RPC (gossipsub v1.1's max_ihave_length). */
    public static final int MAX_CONTROL_IDS = 5000;
    /** Control entries of each kind in one RPC. */
    public static final int MAX_CONTROL_ENTRIES = 1024;
    /** Peers offered in one PRUNE (peer exchange). */
    public static final int MAX_PRUNE_PEERS = 64;

    private PubsubCodec() {}

    /**
     * Reads one frame's body; {@code null} at a clean end of stream (before the first length byte).
     *
     * @throws PubsubWireException malformed or oversized length, or the stream ends inside a frame
     */
    public static byte[] readFrame(InputStream in, int maxFrame) throws IOException {
        return LengthPrefixedFrame.read(in, maxFrame, PubsubWireException::new);
    }

    /** The frame of an RPC: {@code uvarint(length) ‖ body}. */
    public static byte[] frame(Rpc rpc) {
        byte[] body = encode(rpc);
        byte[] out = new byte[Varint.size(body.length) + body.length];
        int off = Varint.write(body.length, out, 0);
        System.arraycopy(body, 0, out, off, body.length);
        return out;
    }

    /** Writes one framed RPC (not flushed). */
    public static void writeFrame(OutputStream out, Rpc rpc) throws IOException {
        out.write(frame(rpc));
    }

    /**
     * Decodes and checks one RPC body.
     *
     * @throws PubsubWireException not a protobuf RPC, or past one of the caps
     */
    public static Rpc decode(byte[] body) throws PubsubWireException {
        return fromProto(parse(body));
    }

    /** The protobuf of an RPC body. */
    public static byte[] encode(Rpc rpc) {
        return toProto(rpc).toByteArray();
    }

    /** Bytes of an RPC body. */
    public static int encodedSize(Rpc rpc) {
        return toProto(rpc).getSerializedSize();
    }

    static RPC toProto(Rpc rpc) {
        RPC.Builder b = RPC.newBuilder();
        for (Rpc.SubscriptionChange s : rpc.subscriptions()) {
            b.addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(s.subscribe()).setTopicid(s.topic()));
        }
        for (WireMessage m : rpc.publish()) {
            b.addPublish(m.toProto());
        }
        Rpc.Control c = rpc.control();
        if (!c.isEmpty()) {
            ControlMessage.Builder cb = b.getControlBuilder();
            for (Rpc.IHave h : c.ihave()) {
                ControlIHave.Builder hb = cb.addIhaveBuilder().setTopicID(h.topic());
                h.ids().forEach(id -> hb.addMessageIDs(ByteString.copyFrom(id.raw())));
            }
            for (Rpc.IWant w : c.iwant()) {
                ControlIWant.Builder wb = cb.addIwantBuilder();
                w.ids().forEach(id -> wb.addMessageIDs(ByteString.copyFrom(id.raw())));
            }
            for (String g : c.graft()) {
                cb.addGraftBuilder().setTopicID(g);
            }
            for (Rpc.Prune p : c.prune()) {
                ControlPrune.Builder pb = cb.addPruneBuilder().setTopicID(p.topic());
                if (p.backoffSeconds() >= 0) {
                    pb.setBackoff(p.backoffSeconds());
                }
                for (Rpc.PxPeer px : p.peers()) {
                    PubsubProto.PeerInfo.Builder ib = pb.addPeersBuilder();
                    if (px.peerId() != null) {
                        ib.setPeerID(ByteString.copyFrom(px.peerId()));
                    }
                    if (px.signedPeerRecord() != null) {
                        ib.setSignedPeerRecord(ByteString.copyFrom(px.signedPeerRecord()));
                    }
                }
            }
            for (Rpc.IDontWant d : c.idontwant()) {
                PubsubProto.ControlIDontWant.Builder db = cb.addIdontwantBuilder();
                d.ids().forEach(id -> db.addMessageIDs(ByteString.copyFrom(id.raw())));
            }
        }
        return b.build();
    }

    static Rpc fromProto(RPC rpc) {
        List<Rpc.SubscriptionChange> subs = new ArrayList<>(rpc.getSubscriptionsCount());
        for (RPC.SubOpts s : rpc.getSubscriptionsList()) {
            subs.add(new Rpc.SubscriptionChange(s.getSubscribe(), s.getTopicid()));
        }
        List<WireMessage> publish = new ArrayList<>(rpc.getPublishCount());
        for (PubsubProto.Message m : rpc.getPublishList()) {
            publish.add(WireMessage.fromProto(m));
        }
        Rpc.Control control = Rpc.Control.EMPTY;
        if (rpc.hasControl()) {
            ControlMessage c = rpc.getControl();
            List<Rpc.IHave> ihave = new ArrayList<>();
            for (ControlIHave h : c.getIhaveList()) {
                ihave.add(new Rpc.IHave(h.getTopicID(), ids(h.getMessageIDsList())));
            }
            List<Rpc.IWant> iwant = new ArrayList<>();
            for (ControlIWant w : c.getIwantList()) {
                iwant.add(new Rpc.IWant(ids(w.getMessageIDsList())));
            }
            List<String> graft = new ArrayList<>();
            for (var g : c.getGraftList()) {
                graft.add(g.getTopicID());
            }
            List<Rpc.Prune> prune = new ArrayList<>();
            for (ControlPrune p : c.getPruneList()) {
                long backoff = !p.hasBackoff() ? -1 : p.getBackoff() < 0 ? Long.MAX_VALUE : p.getBackoff(); // uint64
                List<Rpc.PxPeer> peers = new ArrayList<>(p.getPeersCount());
                for (PubsubProto.PeerInfo i : p.getPeersList()) {
                    peers.add(new Rpc.PxPeer(i.hasPeerID() ? i.getPeerID().toByteArray() : null,
                            i.hasSignedPeerRecord() ? i.getSignedPeerRecord().toByteArray() : null));
                }
                prune.add(new Rpc.Prune(p.getTopicID(), backoff, peers));
            }
            List<Rpc.IDontWant> idontwant = new ArrayList<>();
            for (PubsubProto.ControlIDontWant d : c.getIdontwantList()) {
                idontwant.add(new Rpc.IDontWant(ids(d.getMessageIDsList())));
            }
            control = new Rpc.Control(ihave, iwant, graft, prune, idontwant);
        }
        return new Rpc(subs, publish, control);
    }

    private static List<MessageId> ids(List<ByteString> raw) {
        List<MessageId> out = new ArrayList<>(raw.size());
        for (ByteString b : raw) {
            out.add(new MessageId(b.toByteArray()));
        }
        return out;
    }

    /** Parses and checks one RPC body. */
    static RPC parse(byte[] body) throws PubsubWireException {
        RPC rpc;
        try {
            CodedInputStream cis = CodedInputStream.newInstance(body);
            cis.setRecursionLimit(8);
            rpc = RPC.parseFrom(cis);
            cis.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new PubsubWireException("malformed RPC: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PubsubWireException("malformed RPC: " + e.getMessage(), e);
        }
        check(rpc);
        return rpc;
    }

    private static void check(RPC rpc) throws PubsubWireException {
        if (rpc.getSubscriptionsCount() > MAX_SUBSCRIPTIONS) {
            throw new PubsubWireException(rpc.getSubscriptionsCount() + " subscription changes in one RPC (at most "
                    + MAX_SUBSCRIPTIONS + ")");
        }
        for (RPC.SubOpts s : rpc.getSubscriptionsList()) {
            if (!s.hasTopicid()) {
                throw new PubsubWireException("a subscription change without a topic");
            }
            checkTopic(s.getTopicidBytes().size());
        }
        for (PubsubProto.Message m : rpc.getPublishList()) {
            if (m.hasTopic()) {
                checkTopic(m.getTopicBytes().size());
            }
        }
        if (rpc.hasControl()) {
            checkControl(rpc.getControl());
        }
    }

    private static void checkControl(ControlMessage c) throws PubsubWireException {
        if (c.getIhaveCount() > MAX_CONTROL_ENTRIES || c.getIwantCount() > MAX_CONTROL_ENTRIES
                || c.getGraftCount() > MAX_CONTROL_ENTRIES || c.getPruneCount() > MAX_CONTROL_ENTRIES
                || c.getIdontwantCount() > MAX_CONTROL_ENTRIES) {
            throw new PubsubWireException("more than " + MAX_CONTROL_ENTRIES + " control entries of one kind");
        }
        int ids = 0;
        for (ControlIHave h : c.getIhaveList()) {
            checkTopic(h.getTopicIDBytes().size());
            ids += h.getMessageIDsCount();
            for (var id : h.getMessageIDsList()) {
                checkId(id.size());
            }
        }
        if (ids > MAX_CONTROL_IDS) {
            throw new PubsubWireException(ids + " message IDs in IHAVE (at most " + MAX_CONTROL_IDS + ")");
        }
        ids = 0;
        for (ControlIWant w : c.getIwantList()) {
            ids += w.getMessageIDsCount();
            for (var id : w.getMessageIDsList()) {
                checkId(id.size());
            }
        }
        if (ids > MAX_CONTROL_IDS) {
            throw new PubsubWireException(ids + " message IDs in IWANT (at most " + MAX_CONTROL_IDS + ")");
        }
        ids = 0;
        for (PubsubProto.ControlIDontWant d : c.getIdontwantList()) {
            ids += d.getMessageIDsCount();
            for (var id : d.getMessageIDsList()) {
                checkId(id.size());
            }
        }
        if (ids > MAX_CONTROL_IDS) {
            throw new PubsubWireException(ids + " message IDs in IDONTWANT (at most " + MAX_CONTROL_IDS + ")");
        }
        for (var g : c.getGraftList()) {
            checkTopic(g.getTopicIDBytes().size());
        }
        for (ControlPrune p : c.getPruneList()) {
            checkTopic(p.getTopicIDBytes().size());
            if (p.getPeersCount() > MAX_PRUNE_PEERS) {
                throw new PubsubWireException(p.getPeersCount() + " peers in one PRUNE (at most " + MAX_PRUNE_PEERS
                        + ")");
            }
        }
    }

    private static void checkTopic(int bytes) throws PubsubWireException {
        if (bytes > MAX_TOPIC_BYTES) {
            throw new PubsubWireException("topic of " + bytes + " bytes (at most " + MAX_TOPIC_BYTES + ")");
        }
    }

    private static void checkId(int bytes) throws PubsubWireException {
        if (bytes == 0 || bytes > MAX_MESSAGE_ID_BYTES) {
            throw new PubsubWireException("message ID of " + bytes + " bytes (1 to " + MAX_MESSAGE_ID_BYTES + ")");
        }
    }
}
