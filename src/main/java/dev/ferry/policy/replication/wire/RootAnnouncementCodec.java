package dev.ferry.policy.replication.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.ferry.multiformats.Cid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Encodes, splits and strictly decodes {@link RootAnnouncement}s: at most {@value #MAX_BYTES} bytes, only fields 1
 * (roots) and 2 (withdrawn), all that a ferry from before member records reads, every root a CID of at most
 * {@value RootAnnouncement#MAX_CID_BYTES} bytes, named once in the whole message, 1 to
 * {@value RootAnnouncement#MAX_ROOTS} of them in both fields together; anything else is a
 * {@link MalformedAnnouncementException}.
 */
public final class RootAnnouncementCodec {
    /** The largest announcement read or written: 256 roots of 40 bytes fit with room to spare. */
    public static final int MAX_BYTES = 16 * 1024;

    private RootAnnouncementCodec() {}

    public static byte[] encode(RootAnnouncement a) {
        var b = RootAnnouncementProto.RootAnnouncement.newBuilder();
        for (Cid c : a.roots()) {
            b.addRoots(ByteString.copyFrom(c.bytes()));
        }
        for (Cid c : a.withdrawn()) {
            b.addWithdrawn(ByteString.copyFrom(c.bytes()));
        }
        return b.build().toByteArray();
    }

    /**
     * {@code roots} in announcements that each encode to at most {@value #MAX_BYTES} bytes, in order, each root once;
     * roots longer than {@value RootAnnouncement#MAX_CID_BYTES} bytes are left out (no announcement could carry them).
     */
    public static List<RootAnnouncement> split(List<Cid> roots) {
        return split(roots, false);
    }

    /** As {@link #split}, for withdrawals: announcements that only withdraw {@code roots}. */
    public static List<RootAnnouncement> splitWithdrawals(List<Cid> roots) {
        return split(roots, true);
    }

    private static List<RootAnnouncement> split(List<Cid> roots, boolean withdraw) {
        List<RootAnnouncement> out = new ArrayList<>();
        List<Cid> part = new ArrayList<>();
        Set<Cid> seen = new HashSet<>();
        int size = 0;
        for (Cid c : roots) {
            int len = c.bytes().length;
            if (len > RootAnnouncement.MAX_CID_BYTES || !seen.add(c)) {
                continue;
            }
            int field = 1 + CodedOutputStream.computeUInt32SizeNoTag(len) + len; // 1-byte tag, length, bytes
            if (part.size() == RootAnnouncement.MAX_ROOTS || size + field > MAX_BYTES) {
                out.add(withdraw ? RootAnnouncement.withdrawal(part) : new RootAnnouncement(part));
                part = new ArrayList<>();
                size = 0;
            }
            part.add(c);
            size += field;
        }
        if (!part.isEmpty()) {
            out.add(withdraw ? RootAnnouncement.withdrawal(part) : new RootAnnouncement(part));
        }
        return out;
    }

    /**
     * A root announcement; a member record, or anything else, is a {@link MalformedAnnouncementException} (see
     * {@link ReplicationMessageCodec} for every message of the topic).
     */
    public static RootAnnouncement decode(byte[] bytes) throws MalformedAnnouncementException {
        return switch (ReplicationMessageCodec.decode(bytes)) {
            case RootAnnouncement a -> a;
            case MemberRecord r -> throw new MalformedAnnouncementException("a member record, not a root announcement");
        };
    }

    /** The announcement in {@code p}, a message without a member record whose fields are all known. */
    static RootAnnouncement fromProto(RootAnnouncementProto.RootAnnouncement p) throws MalformedAnnouncementException {
        int total = p.getRootsCount() + p.getWithdrawnCount();
        if (total == 0 || total > RootAnnouncement.MAX_ROOTS) {
            throw new MalformedAnnouncementException("an announcement holds 1 to " + RootAnnouncement.MAX_ROOTS
                    + " roots: " + total);
        }
        List<Cid> roots = cids(p.getRootsList());
        List<Cid> withdrawn = cids(p.getWithdrawnList());
        try {
            return new RootAnnouncement(roots, withdrawn);
        } catch (IllegalArgumentException e) {
            throw new MalformedAnnouncementException(e.getMessage(), e);
        }
    }

    private static List<Cid> cids(List<ByteString> field) throws MalformedAnnouncementException {
        List<Cid> out = new ArrayList<>(field.size());
        for (ByteString r : field) {
            if (r.size() > RootAnnouncement.MAX_CID_BYTES) {
                throw new MalformedAnnouncementException("a root of " + r.size() + " bytes (at most "
                        + RootAnnouncement.MAX_CID_BYTES + ")");
            }
            try {
                out.add(Cid.decode(r.toByteArray()));
            } catch (RuntimeException e) { // whatever the CID parser refuses
                throw new MalformedAnnouncementException("malformed root: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
