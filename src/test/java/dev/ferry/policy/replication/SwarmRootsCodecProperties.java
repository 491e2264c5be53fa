package dev.ferry.policy.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
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
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The swarm roots file round-trips with one encoding per table; anything else fails with the declared exception. */
class SwarmRootsCodecProperties {
    private static final List<Did> DIDS = IntStream.range(0, 5)
            .mapToObj(i -> Identity.generate(new SecureRandom()).did()).toList();

    private static Arbitrary<Cid> cids() {
        return Combinators.combine(Arbitraries.of(0, 1),
                        Arbitraries.of(Multicodec.RAW.code(), Multicodec.DAG_PB.code(), Multicodec.DAG_CBOR.code()),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((v, codec, data) -> Cid.of(v, v == 0 ? Multicodec.DAG_PB.code() : codec, data));
    }

    @Provide
    Arbitrary<List<SwarmRoot>> tables() {
        Arbitrary<SwarmRoot> entry = Combinators.combine(cids(), Arbitraries.of(DIDS), Arbitraries.longs())
                .as(SwarmRoot::new);
        return entry.list().ofMaxSize(40).map(l -> {
            Map<SwarmRoot.Key, SwarmRoot> m = new LinkedHashMap<>();
            l.forEach(e -> m.put(e.key(), e)); // one entry per root and announcer, as the table holds them
            return List.copyOf(m.values());
        });
    }

    @Property
    void roundTripWithOneEncodingPerTable(@ForAll("tables") List<SwarmRoot> entries) {
        byte[] file = SwarmRootsCodec.encode(entries);
        assertThat(SwarmRootsCodec.decode(file)).containsExactlyInAnyOrderElementsOf(entries);
        List<SwarmRoot> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled);
        assertThat(SwarmRootsCodec.encode(shuffled)).isEqualTo(file);
    }

    @Property(tries = 2000)
    void arbitraryBytesThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrIsCorrupt(bytes);
    }

    /** Arbitrary bytes almost always fail the magic or the checksum: also fuzz behind a valid header and checksum. */
    @Property(tries = 2000)
    void arbitraryBodiesWithAValidChecksumThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] body) {
        byte[] header = Arrays.copyOf(SwarmRootsCodec.MAGIC, SwarmRootsCodec.MAGIC.length + 1);
        header[header.length - 1] = SwarmRootsCodec.VERSION;
        byte[] unsealed = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, unsealed, header.length, body.length);
        assertDecodesOrIsCorrupt(seal(unsealed));
    }

    @Property(tries = 1000)
    void mutatedFilesThrowOnlyTheDeclaredException(@ForAll("tables") List<SwarmRoot> entries,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte value) {
        byte[] file = SwarmRootsCodec.encode(entries);
        byte[] body = Arrays.copyOf(file, file.length - 4);
        for (int p : positions) {
            body[Math.floorMod(p, body.length)] = value;
        }
        assertDecodesOrIsCorrupt(seal(body));
    }

    /** A torn write (any prefix) or one flipped bit is caught by the length or the checksum. */
    @Property(tries = 300)
    void truncatedOrFlippedFilesAreRefused(@ForAll("tables") List<SwarmRoot> entries, @ForAll int at,
            @ForAll boolean truncate) {
        byte[] file = SwarmRootsCodec.encode(entries);
        int i = Math.floorMod(at, file.length);
        byte[] damaged = truncate ? Arrays.copyOf(file, i) : file.clone();
        if (!truncate) {
            damaged[i] ^= 1;
        }
        try {
            SwarmRootsCodec.decode(damaged);
            throw new AssertionError("a damaged table was read");
        } catch (CorruptSwarmRootsException expected) {
            // refused
        }
    }

    @Property(tries = 50)
    void countsBeyondTheCapAreRefusedUnread(@ForAll("tables") List<SwarmRoot> entries) {
        byte[] file = SwarmRootsCodec.encode(entries);
        byte[] body = Arrays.copyOf(file, file.length - 4);
        ByteBuffer.wrap(body).putInt(SwarmRootsCodec.MAGIC.length + 1, SwarmRoots.MAX_ENTRIES + 1);
        try {
            SwarmRootsCodec.decode(seal(body));
            throw new AssertionError("a count past the cap was accepted");
        } catch (CorruptSwarmRootsException expected) {
            assertThat(expected.getMessage()).contains("count");
        }
    }

    @Property(tries = 50)
    void repeatedEntriesAreRefused(@ForAll("tables") List<SwarmRoot> entries) {
        Assume.that(!entries.isEmpty());
        // one entry written twice under a count of 2
        byte[] twice = SwarmRootsCodec.encode(List.of(entries.getFirst()));
        int one = twice.length - 4 - 13;
        byte[] body = new byte[13 + 2 * one];
        System.arraycopy(twice, 0, body, 0, 13);
        ByteBuffer.wrap(body).putInt(SwarmRootsCodec.MAGIC.length + 1, 2);
        System.arraycopy(twice, 13, body, 13, one);
        System.arraycopy(twice, 13, body, 13 + one, one);
        try {
            SwarmRootsCodec.decode(seal(body));
            throw new AssertionError("a repeated entry was accepted");
        } catch (CorruptSwarmRootsException expected) {
            assertThat(expected.getMessage()).contains("out of order or repeated");
        }
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
            List<SwarmRoot> read = SwarmRootsCodec.decode(bytes);
            assertThat(SwarmRootsCodec.encode(read)).isEqualTo(bytes); // what reads is canonical
        } catch (CorruptSwarmRootsException expected) {
            // the declared failure
        }
    }
}
