package dev.ferry.policy.replication.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Root announcements (roots and withdrawals) round-trip, split into bounded messages, and anything else fails with the
 * codec's exception.
 */
class RootAnnouncementCodecProperties {
    private static Arbitrary<Cid> cids() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> Block.raw(b).cid());
    }

    /** Distinct roots, some announced and the rest withdrawn (either part may be empty, not both). */
    @Provide
    Arbitrary<RootAnnouncement> announcements() {
        return cids().list().uniqueElements().ofMinSize(1).ofMaxSize(RootAnnouncement.MAX_ROOTS)
                .flatMap(all -> Arbitraries.integers().between(0, all.size()).map(cut ->
                        new RootAnnouncement(all.subList(0, cut), all.subList(cut, all.size()))));
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("announcements") RootAnnouncement a) throws MalformedAnnouncementException {
        byte[] bytes = RootAnnouncementCodec.encode(a);
        assertThat(bytes.length).isLessThanOrEqualTo(RootAnnouncementCodec.MAX_BYTES);
        assertThat(RootAnnouncementCodec.decode(bytes)).isEqualTo(a);
    }

    /** Any list of roots splits into announcements that each decode, in order, each root once, none too large. */
    @Property(tries = 100)
    void splitsIntoBoundedAnnouncements(@ForAll @IntRange(min = 0, max = 1200) int count,
            @ForAll @IntRange(min = 1, max = 69) int digestPad) throws MalformedAnnouncementException {
        List<Cid> roots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // identity-hashed CIDs of varied length, some too long to be announced at all
            byte[] data = new byte[digestPad + i % 60];
            Arrays.fill(data, (byte) i);
            data[0] = (byte) (i >> 8);
            roots.add(Cid.of(1, Multicodec.RAW.code(), HashFunction.IDENTITY, data));
        }
        roots.addAll(roots.subList(0, Math.min(5, roots.size()))); // repeats are announced once
        List<Cid> expected = roots.stream().distinct()
                .filter(c -> c.bytes().length <= RootAnnouncement.MAX_CID_BYTES).toList();
        List<Cid> seen = new ArrayList<>();
        for (RootAnnouncement a : RootAnnouncementCodec.split(roots)) {
            byte[] bytes = RootAnnouncementCodec.encode(a);
            assertThat(bytes.length).isLessThanOrEqualTo(RootAnnouncementCodec.MAX_BYTES);
            RootAnnouncement back = RootAnnouncementCodec.decode(bytes);
            assertThat(back.withdrawn()).isEmpty();
            seen.addAll(back.roots());
        }
        assertThat(seen).isEqualTo(expected);
        // withdrawals split the same way, into announcements that only withdraw
        List<Cid> withdrawn = new ArrayList<>();
        for (RootAnnouncement a : RootAnnouncementCodec.splitWithdrawals(roots)) {
            byte[] bytes = RootAnnouncementCodec.encode(a);
            assertThat(bytes.length).isLessThanOrEqualTo(RootAnnouncementCodec.MAX_BYTES);
            RootAnnouncement back = RootAnnouncementCodec.decode(bytes);
            assertThat(back.roots()).isEmpty();
            withdrawn.addAll(back.withdrawn());
        }
        assertThat(withdrawn).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void junkFailsOnlyWithTheCodecsException(@ForAll @Size(max = 300) byte[] junk) {
        try {
            RootAnnouncementCodec.decode(junk);
        } catch (MalformedAnnouncementException expected) {
            // declared
        }
    }

    @Property(tries = 500)
    void mutatedAnnouncementsFailOnlyWithTheCodecsException(@ForAll("announcements") RootAnnouncement a,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte value) {
        byte[] bytes = RootAnnouncementCodec.encode(a);
        for (int p : positions) {
            bytes[Math.floorMod(p, bytes.length)] = value;
        }
        try {
            RootAnnouncement back = RootAnnouncementCodec.decode(bytes);
            assertThat(back.roots().size() + back.withdrawn().size()).isBetween(1, RootAnnouncement.MAX_ROOTS);
            assertThat(java.util.Collections.disjoint(back.roots(), back.withdrawn())).isTrue();
        } catch (MalformedAnnouncementException expected) {
            // declared
        }
    }

    @Property(tries = 40)
    void whatTheRecordRefusesTheDecoderRefuses(@ForAll @IntRange(min = 0, max = 7) int kind) {
        var b = RootAnnouncementProto.RootAnnouncement.newBuilder();
        ByteString root = ByteString.copyFrom(Block.raw(new byte[] {1}).cid().bytes());
        String why = switch (kind) {
            case 0 -> {
                for (int i = 0; i <= RootAnnouncement.MAX_ROOTS; i++) {
                    b.addRoots(ByteString.copyFrom(Block.raw(new byte[] {(byte) i, (byte) (i >> 8)}).cid().bytes()));
                }
                yield "1 to";
            }
            case 1 -> {
                b.addRoots(root).addRoots(root);
                yield "once";
            }
            case 2 -> {
                b.addRoots(ByteString.copyFrom(Cid.of(1, Multicodec.RAW.code(), HashFunction.IDENTITY,
                        new byte[RootAnnouncement.MAX_CID_BYTES]).bytes()));
                yield "bytes";
            }
            case 3 -> {
                b.addRoots(ByteString.copyFrom(new byte[] {1, 2, 3}));
                yield "malformed root";
            }
            case 4 -> { // announced and withdrawn at once
                b.addRoots(root).addWithdrawn(root);
                yield "once";
            }
            case 5 -> { // more than the maximum in both fields together
                for (int i = 0; i <= RootAnnouncement.MAX_ROOTS; i++) {
                    ByteString c = ByteString.copyFrom(Block.raw(new byte[] {(byte) i, (byte) (i >> 8)}).cid().bytes());
                    if (i % 2 == 0) {
                        b.addRoots(c);
                    } else {
                        b.addWithdrawn(c);
                    }
                }
                yield "1 to";
            }
            case 6 -> {
                b.addWithdrawn(ByteString.copyFrom(new byte[] {9}));
                yield "malformed root";
            }
            default -> "1 to"; // no roots at all
        };
        byte[] bytes = b.build().toByteArray();
        assertThatThrownBy(() -> RootAnnouncementCodec.decode(bytes))
                .isInstanceOf(MalformedAnnouncementException.class).hasMessageContaining(why);
    }

    @Property(tries = 10)
    void unknownFieldsAndOversizedInputAreRefused(@ForAll @IntRange(min = 0, max = 1) int kind) {
        byte[] bytes;
        if (kind == 0) {
            byte[] ok = RootAnnouncementCodec.encode(new RootAnnouncement(List.of(Block.raw(new byte[] {7}).cid())));
            bytes = Arrays.copyOf(ok, ok.length + 2);
            bytes[ok.length] = 0x18; // field 3, varint
            bytes[ok.length + 1] = 1;
        } else {
            bytes = new byte[RootAnnouncementCodec.MAX_BYTES + 1];
        }
        assertThatThrownBy(() -> RootAnnouncementCodec.decode(bytes))
                .isInstanceOf(MalformedAnnouncementException.class);
    }
}
