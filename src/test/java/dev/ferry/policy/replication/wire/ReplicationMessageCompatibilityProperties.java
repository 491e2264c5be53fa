package dev.ferry.policy.replication.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.store.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Old and new ferries share the replication topic. A ferry from before member records knew the message with fields 1
 * (roots) and 2 (withdrawn) only and refused a message with any other field, or with no root at all; it is rebuilt
 * here from that schema. Root announcements are what it reads, byte for byte, both ways; a member record is refused
 * by it (so its topic validator drops it, neither delivered nor relayed, and a validator's refusal costs the sender no
 * score).
 */
class ReplicationMessageCompatibilityProperties {
    private static final Descriptors.Descriptor OLD = oldSchema();

    private static Descriptors.Descriptor oldSchema() {
        FieldDescriptorProto.Builder bytes = FieldDescriptorProto.newBuilder()
                .setType(FieldDescriptorProto.Type.TYPE_BYTES).setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("ferry_replication_before.proto")
                .setPackage("ferry.replication").setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder().setName("RootAnnouncement")
                        .addField(bytes.clone().setName("roots").setNumber(1))
                        .addField(bytes.clone().setName("withdrawn").setNumber(2)))
                .build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                    .findMessageTypeByName("RootAnnouncement");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new AssertionError(e);
        }
    }

    /** The older decoder's outcome: the roots and withdrawals it reads, or empty when it refuses the message. */
    record OldReading(List<ByteString> roots, List<ByteString> withdrawn) {}

    @SuppressWarnings("unchecked")
    private static Optional<OldReading> oldDecode(byte[] bytes) {
        DynamicMessage m;
        try {
            m = DynamicMessage.parseFrom(OLD, bytes);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (!m.getUnknownFields().asMap().isEmpty()) {
            return Optional.empty(); // "unknown fields in an announcement"
        }
        List<ByteString> roots = (List<ByteString>) m.getField(OLD.findFieldByNumber(1));
        List<ByteString> withdrawn = (List<ByteString>) m.getField(OLD.findFieldByNumber(2));
        int total = roots.size() + withdrawn.size();
        if (total == 0 || total > RootAnnouncement.MAX_ROOTS) {
            return Optional.empty();
        }
        return Optional.of(new OldReading(roots, withdrawn));
    }

    private static byte[] oldEncode(List<Cid> roots, List<Cid> withdrawn) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(OLD);
        roots.forEach(c -> b.addRepeatedField(OLD.findFieldByNumber(1), ByteString.copyFrom(c.bytes())));
        withdrawn.forEach(c -> b.addRepeatedField(OLD.findFieldByNumber(2), ByteString.copyFrom(c.bytes())));
        return b.build().toByteArray();
    }

    private static List<ByteString> bytesOf(List<Cid> cids) {
        return cids.stream().map(c -> ByteString.copyFrom(c.bytes())).toList();
    }

    @Provide
    Arbitrary<RootAnnouncement> announcements() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> Block.raw(b).cid()).list()
                .uniqueElements().ofMinSize(1).ofMaxSize(RootAnnouncement.MAX_ROOTS)
                .flatMap(all -> Arbitraries.integers().between(0, all.size()).map(cut ->
                        new RootAnnouncement(all.subList(0, cut), all.subList(cut, all.size()))));
    }

    @Provide
    Arbitrary<MemberRecord> records() {
        return Arbitraries.integers().between(1, 65535).list().uniqueElements().ofMaxSize(MemberRecord.MAX_ADDRESSES)
                .map(ports -> new MemberRecord(ports.stream()
                        .map(p -> Multiaddr.parse("/ip4/192.168.1.7/tcp/" + p)).toList()));
    }

    /** What this ferry announces, an older one reads as it always did. */
    @Property(tries = 300)
    void anOlderFerryReadsTheRootAnnouncementsOfThisOne(@ForAll("announcements") RootAnnouncement a) {
        List<byte[]> sent = new ArrayList<>(List.of(ReplicationMessageCodec.encode(a)));
        RootAnnouncementCodec.split(a.roots()).forEach(x -> sent.add(ReplicationMessageCodec.encode(x)));
        assertThat(oldDecode(sent.getFirst()))
                .contains(new OldReading(bytesOf(a.roots()), bytesOf(a.withdrawn())));
        for (byte[] b : sent.subList(1, sent.size())) {
            assertThat(oldDecode(b)).isPresent();
        }
    }

    /** What an older ferry announces, this one reads the same. */
    @Property(tries = 300)
    void thisFerryReadsTheRootAnnouncementsOfAnOlderOne(@ForAll("announcements") RootAnnouncement a)
            throws MalformedAnnouncementException {
        byte[] old = oldEncode(a.roots(), a.withdrawn());
        assertThat(old).isEqualTo(ReplicationMessageCodec.encode(a));
        assertThat(ReplicationMessageCodec.decode(old)).isEqualTo(a);
    }

    /** A member record is not for an older ferry: it refuses it whole, and no root comes of it. */
    @Property(tries = 200)
    void anOlderFerryRefusesMemberRecords(@ForAll("records") MemberRecord r) {
        assertThat(oldDecode(ReplicationMessageCodec.encode(r))).isEmpty();
    }
}
