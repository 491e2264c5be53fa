package dev.ferry.pubsub.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.pubsub.wire.ContentNoticeProto.ContentNotice.Builder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and strictly decodes {@link ContentNotice}s: every root must be a CID and every address a multiaddr without
 * {@code /p2p} (the author's ID comes from the signature, not from the notice), within the counts; anything else is a
 * {@link PubsubWireException}.
 */
public final class ContentNoticeCodec {
    /** The largest notice read: 64 CIDs and 8 addresses fit with room to spare. */
    public static final int MAX_BYTES = 16 * 1024;

    private ContentNoticeCodec() {}

    public static byte[] encode(ContentNotice n) {
        Builder b = ContentNoticeProto.ContentNotice.newBuilder();
        for (Cid c : n.roots()) {
            b.addRoots(ByteString.copyFrom(c.bytes()));
        }
        for (Multiaddr a : n.addresses()) {
            b.addAddrs(ByteString.copyFrom(a.bytes()));
        }
        return b.build().toByteArray();
    }

    public static ContentNotice decode(byte[] bytes) throws PubsubWireException {
        if (bytes.length > MAX_BYTES) {
            throw new PubsubWireException("a content notice of " + bytes.length + " bytes (at most " + MAX_BYTES + ")");
        }
        ContentNoticeProto.ContentNotice p;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            p = ContentNoticeProto.ContentNotice.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new PubsubWireException("malformed content notice: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PubsubWireException("malformed content notice: " + e.getMessage(), e);
        }
        if (p.getRootsCount() == 0 || p.getRootsCount() > ContentNotice.MAX_ROOTS
                || p.getAddrsCount() > ContentNotice.MAX_ADDRESSES) {
            throw new PubsubWireException("a content notice holds 1 to " + ContentNotice.MAX_ROOTS
                    + " roots and at most " + ContentNotice.MAX_ADDRESSES + " addresses");
        }
        if (!p.getUnknownFields().asMap().isEmpty()) {
            throw new PubsubWireException("unknown fields in a content notice");
        }
        List<Cid> roots = new ArrayList<>();
        List<Multiaddr> addrs = new ArrayList<>();
        try {
            for (ByteString r : p.getRootsList()) {
                roots.add(Cid.decode(r.toByteArray()));
            }
            for (ByteString a : p.getAddrsList()) {
                Multiaddr m = Multiaddr.decode(a.toByteArray());
                if (m.valueOf("p2p").isPresent()) {
                    throw new PubsubWireException("a notice's address names a peer: " + m);
                }
                addrs.add(m);
            }
        } catch (MultiformatException e) {
            throw new PubsubWireException("malformed content notice: " + e.getMessage(), e);
        }
        return new ContentNotice(roots, addrs);
    }
}
