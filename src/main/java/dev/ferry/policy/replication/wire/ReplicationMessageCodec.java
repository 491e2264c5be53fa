package dev.ferry.policy.replication.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and strictly decodes the replication topic's messages: at most {@value #MAX_BYTES} bytes, no field the
 * format does not define; a {@link RootAnnouncement} as {@link RootAnnouncementCodec} reads it (fields 1 and 2 only,
 * so that a ferry from before member records reads it too), or a {@link MemberRecord} alone in field 3 with at most
 * {@value MemberRecord#MAX_ADDRESSES} distinct addresses of at most {@value MemberRecord#MAX_ADDRESS_BYTES} bytes,
 * none naming a peer; anything else is a {@link MalformedAnnouncementException}.
 */
public final class ReplicationMessageCodec {
    /** The largest message read or written: 256 roots of 40 bytes, or 16 addresses of 300 bytes, fit. */
    public static final int MAX_BYTES = RootAnnouncementCodec.MAX_BYTES;

    private ReplicationMessageCodec() {}

    public static byte[] encode(ReplicationMessage m) {
        return switch (m) {
            case RootAnnouncement a -> RootAnnouncementCodec.encode(a);
            case MemberRecord r -> {
                var record = RootAnnouncementProto.MemberRecord.newBuilder();
                for (Multiaddr a : r.addresses()) {
                    record.addAddrs(ByteString.copyFrom(a.bytes()));
                }
                yield RootAnnouncementProto.RootAnnouncement.newBuilder().setMember(record).build().toByteArray();
            }
        };
    }

    public static ReplicationMessage decode(byte[] bytes) throws MalformedAnnouncementException {
        if (bytes.length > MAX_BYTES) {
            throw new MalformedAnnouncementException("a replication message of " + bytes.length + " bytes (at most "
                    + MAX_BYTES + ")");
        }
        RootAnnouncementProto.RootAnnouncement p;
        try {
            p = RootAnnouncementProto.RootAnnouncement.parseFrom(CodedInputStream.newInstance(bytes));
        } catch (IOException e) {
            throw new MalformedAnnouncementException("malformed replication message: " + e.getMessage(), e);
        }
        if (!p.getUnknownFields().asMap().isEmpty()) {
            throw new MalformedAnnouncementException("unknown fields in a replication message");
        }
        if (!p.hasMember()) {
            return RootAnnouncementCodec.fromProto(p);
        }
        if (p.getRootsCount() + p.getWithdrawnCount() > 0) {
            throw new MalformedAnnouncementException("a member record comes alone, without roots");
        }
        return member(p.getMember());
    }

    private static MemberRecord member(RootAnnouncementProto.MemberRecord p) throws MalformedAnnouncementException {
        if (!p.getUnknownFields().asMap().isEmpty()) {
            throw new MalformedAnnouncementException("unknown fields in a member record");
        }
        if (p.getAddrsCount() > MemberRecord.MAX_ADDRESSES) {
            throw new MalformedAnnouncementException("a member record holds at most " + MemberRecord.MAX_ADDRESSES
                    + " addresses: " + p.getAddrsCount());
        }
        List<Multiaddr> addresses = new ArrayList<>(p.getAddrsCount());
        for (ByteString a : p.getAddrsList()) {
            if (a.size() > MemberRecord.MAX_ADDRESS_BYTES) {
                throw new MalformedAnnouncementException("a member's address of " + a.size() + " bytes (at most "
                        + MemberRecord.MAX_ADDRESS_BYTES + ")");
            }
            try {
                addresses.add(Multiaddr.decode(a.toByteArray()));
            } catch (RuntimeException e) { // whatever the multiaddr parser refuses
                throw new MalformedAnnouncementException("malformed member address: " + e.getMessage(), e);
            }
        }
        try {
            return new MemberRecord(addresses);
        } catch (IllegalArgumentException e) {
            throw new MalformedAnnouncementException(e.getMessage(), e);
        }
    }
}
