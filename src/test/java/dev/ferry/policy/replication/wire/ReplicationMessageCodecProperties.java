package dev.ferry.policy.replication.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.store.Block;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The replication topic's messages: member records and root announcements round-trip, member records stay within
 * their bounds, and anything else fails with the codec's exception.
 */
class ReplicationMessageCodecProperties {
    @Provide
    Arbitrary<Multiaddr> addresses() {
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<Multiaddr> ip4 = Combinators.combine(Arbitraries.integers().between(0, 255).list().ofSize(4), port)
                .as((b, p) -> Multiaddr.parse("/ip4/" + b.get(0) + "." + b.get(1) + "." + b.get(2) + "." + b.get(3)
                        + "/tcp/" + p));
        Arbitrary<Multiaddr> ip6 = Combinators.combine(Arbitraries.integers().between(0, 0xffff), port)
                .as((h, p) -> Multiaddr.parse("/ip6/fd00::" + Integer.toHexString(h) + "/tcp/" + p));
        Arbitrary<Multiaddr> dns = Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
                .ofMaxLength(250), port).as((n, p) -> Multiaddr.parse("/dns4/" + n + "/tcp/" + p));
        return Arbitraries.oneOf(ip4, ip6, dns);
    }

    @Provide
    Arbitrary<List<Multiaddr>> manyAddresses() {
        return addresses().list().ofMaxSize(40); // repeats included
    }

    @Provide
    Arbitrary<MemberRecord> records() {
        return addresses().list().uniqueElements().ofMaxSize(MemberRecord.MAX_ADDRESSES).map(MemberRecord::new);
    }

    @Property(tries = 300)
    void memberRecordsRoundTrip(@ForAll("records") MemberRecord r) throws MalformedAnnouncementException {
        byte[] bytes = ReplicationMessageCodec.encode(r);
        assertThat(bytes.length).isLessThanOrEqualTo(ReplicationMessageCodec.MAX_BYTES);
        assertThat(ReplicationMessageCodec.decode(bytes)).isEqualTo(r);
        // a member record is no root announcement
        assertThatThrownBy(() -> RootAnnouncementCodec.decode(bytes))
                .isInstanceOf(MalformedAnnouncementException.class).hasMessageContaining("member record");
    }

    @Property(tries = 200)
    void rootAnnouncementsRoundTripAsMessagesOfTheTopic(@ForAll @IntRange(min = 1, max = 256) int count,
            @ForAll @IntRange(min = 0, max = 256) int cut) throws MalformedAnnouncementException {
        List<dev.ferry.multiformats.Cid> roots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            roots.add(Block.raw(new byte[] {(byte) i, (byte) (i >> 8), (byte) count}).cid());
        }
        int c = Math.min(cut, count);
        RootAnnouncement a = new RootAnnouncement(roots.subList(0, c), roots.subList(c, count));
        byte[] bytes = ReplicationMessageCodec.encode(a);
        assertThat(bytes).isEqualTo(RootAnnouncementCodec.encode(a));
        assertThat(ReplicationMessageCodec.decode(bytes)).isEqualTo(a);
    }

    /** A host's announced addresses become a record of the first 16 that fit, those naming a peer left out. */
    @Property(tries = 100)
    void aRecordOfAHostsAddressesKeepsWhatFits(@ForAll("manyAddresses") List<Multiaddr> list) {
        String peer = Identity.generate(new SecureRandom()).peerId().toString();
        List<Multiaddr> told = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            told.add(i % 3 == 0 ? list.get(i).encapsulate("/p2p/" + peer) : list.get(i));
        }
        MemberRecord r = MemberRecord.of(told);
        assertThat(r.addresses()).hasSizeLessThanOrEqualTo(MemberRecord.MAX_ADDRESSES).doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(a.valueOf("p2p")).isEmpty());
        List<Multiaddr> expected = told.stream().filter(MemberRecord::fits).distinct()
                .limit(MemberRecord.MAX_ADDRESSES).toList();
        assertThat(r.addresses()).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void junkFailsOnlyWithTheCodecsException(@ForAll @Size(max = 400) byte[] junk) {
        try {
            ReplicationMessage m = ReplicationMessageCodec.decode(junk);
            assertThat(m).isNotNull();
        } catch (MalformedAnnouncementException expected) {
            // declared
        }
    }

    @Property(tries = 500)
    void mutatedRecordsFailOnlyWithTheCodecsException(@ForAll("records") MemberRecord r,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte value) {
        byte[] bytes = ReplicationMessageCodec.encode(r);
        for (int p : positions) {
            bytes[Math.floorMod(p, bytes.length)] = value;
        }
        try {
            if (ReplicationMessageCodec.decode(bytes) instanceof MemberRecord back) {
                assertThat(back.addresses()).hasSizeLessThanOrEqualTo(MemberRecord.MAX_ADDRESSES)
                        .doesNotHaveDuplicates().allSatisfy(a -> assertThat(MemberRecord.fits(a)).isTrue());
            }
        } catch (MalformedAnnouncementException expected) {
            // declared
        }
    }

    @Property(tries = 60)
    void whatARecordMayNotHoldTheDecoderRefuses(@ForAll @IntRange(min = 0, max = 8) int kind) {
        var record = RootAnnouncementProto.MemberRecord.newBuilder();
        var message = RootAnnouncementProto.RootAnnouncement.newBuilder();
        ByteString tcp = ByteString.copyFrom(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001").bytes());
        String why = switch (kind) {
            case 0 -> { // one address too many
                for (int i = 0; i <= MemberRecord.MAX_ADDRESSES; i++) {
                    record.addAddrs(ByteString.copyFrom(Multiaddr.parse("/ip4/10.0.0." + i + "/tcp/1").bytes()));
                }
                yield "at most";
            }
            case 1 -> { // an address too long
                record.addAddrs(ByteString.copyFrom(Multiaddr.parse("/dns4/" + "a".repeat(MemberRecord.MAX_ADDRESS_BYTES)
                        + "/tcp/1").bytes()));
                yield "bytes";
            }
            case 2 -> { // naming a peer: the author is the signer, no one else
                record.addAddrs(ByteString.copyFrom(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/p2p/"
                        + Identity.generate(new SecureRandom()).peerId()).bytes()));
                yield "name no peer";
            }
            case 3 -> {
                record.addAddrs(tcp).addAddrs(tcp);
                yield "once";
            }
            case 4 -> {
                record.addAddrs(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 3}));
                yield "malformed member address";
            }
            case 5 -> {
                record.addAddrs(ByteString.EMPTY);
                yield "malformed member address";
            }
            case 6 -> { // roots beside a record
                record.addAddrs(tcp);
                message.addRoots(ByteString.copyFrom(Block.raw(new byte[] {1}).cid().bytes()));
                yield "alone";
            }
            case 7 -> { // a field a member record does not have
                record.addAddrs(tcp).setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(2, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                        .build());
                yield "unknown fields";
            }
            default -> { // too large as a whole
                record.addAddrs(tcp).setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(9, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFrom(new byte[ReplicationMessageCodec.MAX_BYTES]))
                                .build()).build());
                yield "bytes";
            }
        };
        byte[] bytes = message.setMember(record).build().toByteArray();
        assertThatThrownBy(() -> ReplicationMessageCodec.decode(bytes))
                .isInstanceOf(MalformedAnnouncementException.class).hasMessageContaining(why);
    }

    @Property(tries = 20)
    void theRecordRefusesWhatTheWireMayNotCarry(@ForAll @IntRange(min = 0, max = 3) int kind) {
        List<Multiaddr> list = switch (kind) {
            case 0 -> {
                List<Multiaddr> many = new ArrayList<>();
                for (int i = 0; i <= MemberRecord.MAX_ADDRESSES; i++) {
                    many.add(Multiaddr.parse("/ip4/10.0.0." + i + "/tcp/1"));
                }
                yield many;
            }
            case 1 -> List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/1"), Multiaddr.parse("/ip4/10.0.0.1/tcp/1"));
            case 2 -> List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/1/p2p/"
                    + Identity.generate(new SecureRandom()).peerId()));
            default -> List.of(Multiaddr.parse("/dns/" + "b".repeat(MemberRecord.MAX_ADDRESS_BYTES) + "/tcp/1"));
        };
        assertThatThrownBy(() -> new MemberRecord(list)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 5)
    void aRecordWithoutAddressesIsStillARecord() throws MalformedAnnouncementException {
        MemberRecord empty = new MemberRecord(List.of());
        assertThat(ReplicationMessageCodec.decode(ReplicationMessageCodec.encode(empty))).isEqualTo(empty);
    }
}
