package dev.ferry.policy.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.policy.replication.wire.MemberRecord;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The swarm members file round-trips with one encoding per table; anything else fails with the declared exception. */
class SwarmMembersCodecProperties {
    private static final List<Identity> IDS = IntStream.range(0, 8)
            .mapToObj(i -> Identity.generate(new SecureRandom())).toList();
    private static final int HEADER = SwarmMembersCodec.MAGIC.length + 1 + 4;

    private static Arbitrary<Multiaddr> addresses() {
        Arbitrary<Multiaddr> ip4 = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 65535), Arbitraries.of("tcp", "udp"))
                .as((b, port, t) -> Multiaddr.parse("/ip4/10.0.0." + b + "/" + t + "/" + port
                        + (t.equals("udp") ? "/quic-v1" : "")));
        Arbitrary<Multiaddr> dns = Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
                        .ofMaxLength(250), Arbitraries.integers().between(1, 65535))
                .as((host, port) -> Multiaddr.parse("/dns4/" + host + "/tcp/" + port + "/ws"));
        return Arbitraries.oneOf(ip4, ip4, dns);
    }

    @Provide
    Arbitrary<List<StoredMember>> tables() {
        Arbitrary<StoredMember> entry = Combinators.combine(Arbitraries.of(IDS),
                        addresses().list().uniqueElements().ofMaxSize(MemberRecord.MAX_ADDRESSES), Arbitraries.longs())
                .as((id, addrs, at) -> new StoredMember(id.peerId(), id.did(), addrs, at));
        return entry.list().ofMaxSize(IDS.size()).map(l -> {
            Map<Object, StoredMember> m = new LinkedHashMap<>();
            l.forEach(e -> m.put(e.peer(), e)); // one entry per peer, as the dialer holds them
            return List.copyOf(m.values());
        });
    }

    @Property(tries = 300)
    void roundTripWithOneEncodingPerTable(@ForAll("tables") List<StoredMember> members) {
        byte[] file = SwarmMembersCodec.encode(members);
        assertThat(SwarmMembersCodec.decode(file)).containsExactlyInAnyOrderElementsOf(members);
        List<StoredMember> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled);
        assertThat(SwarmMembersCodec.encode(shuffled)).isEqualTo(file);
    }

    @Property(tries = 2000)
    void arbitraryBytesThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrIsCorrupt(bytes);
    }

    /** Arbitrary bytes almost always fail the magic or the checksum: also fuzz behind a valid header and checksum. */
    @Property(tries = 2000)
    void arbitraryBodiesWithAValidChecksumThrowOnlyTheDeclaredException(@ForAll @Size(max = 400) byte[] body) {
        byte[] header = Arrays.copyOf(SwarmMembersCodec.MAGIC, SwarmMembersCodec.MAGIC.length + 1);
        header[header.length - 1] = SwarmMembersCodec.VERSION;
        byte[] unsealed = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, unsealed, header.length, body.length);
        assertDecodesOrIsCorrupt(seal(unsealed));
    }

    @Property(tries = 1000)
    void mutatedFilesThrowOnlyTheDeclaredException(@ForAll("tables") List<StoredMember> members,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte value) {
        byte[] file = SwarmMembersCodec.encode(members);
        byte[] body = Arrays.copyOf(file, file.length - 4);
        for (int p : positions) {
            body[Math.floorMod(p, body.length)] = value;
        }
        assertDecodesOrIsCorrupt(seal(body));
    }

    /** A torn write (any prefix) or one flipped bit is caught by the length or the checksum. */
    @Property(tries = 300)
    void truncatedOrFlippedFilesAreRefused(@ForAll("tables") List<StoredMember> members, @ForAll int at,
            @ForAll boolean truncate) {
        byte[] file = SwarmMembersCodec.encode(members);
        int i = Math.floorMod(at, file.length);
        byte[] damaged = truncate ? Arrays.copyOf(file, i) : file.clone();
        if (!truncate) {
            damaged[i] ^= 1;
        }
        assertThatThrownBy(() -> SwarmMembersCodec.decode(damaged)).isInstanceOf(CorruptSwarmMembersException.class);
    }

    @Property(tries = 50)
    void countsBeyondTheCapAreRefusedUnread(@ForAll("tables") List<StoredMember> members) {
        byte[] body = unsealed(SwarmMembersCodec.encode(members));
        ByteBuffer.wrap(body).putInt(SwarmMembersCodec.MAGIC.length + 1, ReplicationConfig.MAX_MAX_MEMBERS + 1);
        assertThatThrownBy(() -> SwarmMembersCodec.decode(seal(body)))
                .isInstanceOf(CorruptSwarmMembersException.class).hasMessageContaining("count");
    }

    @Property(tries = 50)
    void repeatedEntriesAreRefused(@ForAll("tables") List<StoredMember> members) {
        Assume.that(!members.isEmpty());
        assertThatThrownBy(() -> SwarmMembersCodec.decode(sealedEntries(List.of(members.getFirst(),
                members.getFirst())))).isInstanceOf(CorruptSwarmMembersException.class)
                .hasMessageContaining("out of order or repeated");
    }

    /** The trust checked is the DID's, the peer dialled is the peer's: a file pairing one with another is refused. */
    @Example
    void aDidThatIsNotThePeersOwnKeyIsRefused() {
        StoredMember lie = new StoredMember(IDS.get(0).peerId(), IDS.get(1).did(), List.of(), 1);
        assertThatThrownBy(() -> SwarmMembersCodec.decode(SwarmMembersCodec.encode(List.of(lie))))
                .isInstanceOf(CorruptSwarmMembersException.class).hasMessageContaining("is not the key of");
    }

    /** Only what a member record could hold is read back: no /p2p, no address twice, at most 16. */
    @Example
    void addressesNoRecordCouldHoldAreRefused() {
        Identity id = IDS.getFirst();
        Multiaddr a = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
        for (List<Multiaddr> bad : List.of(List.of(a.encapsulate("/p2p/" + id.peerId())), List.of(a, a),
                IntStream.range(0, MemberRecord.MAX_ADDRESSES + 1)
                        .mapToObj(i -> Multiaddr.parse("/ip4/10.0.0.1/tcp/" + (i + 1))).toList())) {
            assertThatThrownBy(() -> SwarmMembersCodec.decode(SwarmMembersCodec.encode(
                    List.of(new StoredMember(id.peerId(), id.did(), bad, 1)))))
                    .isInstanceOf(CorruptSwarmMembersException.class);
        }
    }

    /** The largest table (every member with the longest addresses) stays under the size that is read at all. */
    @Example
    void theLargestTableFitsTheFileBound() {
        Identity id = IDS.getFirst();
        String longHost = "h".repeat(MemberRecord.MAX_ADDRESS_BYTES - 20);
        List<Multiaddr> addrs = IntStream.range(0, MemberRecord.MAX_ADDRESSES)
                .mapToObj(i -> Multiaddr.parse("/dns4/" + longHost + "/tcp/" + (i + 1))).toList();
        assertThat(addrs).allMatch(MemberRecord::fits);
        byte[] one = SwarmMembersCodec.encode(List.of(new StoredMember(id.peerId(), id.did(), addrs, 1)));
        long entry = one.length - HEADER - 4;
        assertThat(HEADER + 4 + entry * ReplicationConfig.MAX_MAX_MEMBERS).isLessThan(SwarmMembersCodec.MAX_FILE_SIZE);
    }

    /** A file of {@code entries} written in the given order, whatever it is. */
    private static byte[] sealedEntries(List<StoredMember> entries) {
        byte[] body = Arrays.copyOf(SwarmMembersCodec.MAGIC, HEADER);
        body[SwarmMembersCodec.MAGIC.length] = SwarmMembersCodec.VERSION;
        ByteBuffer.wrap(body).putInt(SwarmMembersCodec.MAGIC.length + 1, entries.size());
        for (StoredMember m : entries) {
            byte[] one = unsealed(SwarmMembersCodec.encode(List.of(m)));
            byte[] grown = Arrays.copyOf(body, body.length + one.length - HEADER);
            System.arraycopy(one, HEADER, grown, body.length, one.length - HEADER);
            body = grown;
        }
        return seal(body);
    }

    private static byte[] unsealed(byte[] file) {
        return Arrays.copyOf(file, file.length - 4);
    }

    private static byte[] seal(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] file = Arrays.copyOf(body, body.length + 4);
        ByteBuffer.wrap(file, body.length, 4).putInt((int) crc.getValue());
        return file;
    }

    private static void assertDecodesOrIsCorrupt(byte[] bytes) {
        try {
            List<StoredMember> read = SwarmMembersCodec.decode(bytes);
            assertThat(SwarmMembersCodec.encode(read)).isEqualTo(bytes); // what reads is canonical
        } catch (CorruptSwarmMembersException expected) {
            // the declared failure
        }
    }
}
