package dev.ferry.policy.pinning;

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
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class StorageLedgerCodecProperties {
    private static final List<Did> DIDS = IntStream.range(0, 6)
            .mapToObj(i -> Identity.generate(new SecureRandom()).did()).toList();

    private static Arbitrary<Cid> cids() {
        return Combinators.combine(
                        Arbitraries.of(0, 1),
                        Arbitraries.of(Multicodec.RAW.code(), Multicodec.DAG_PB.code(), Multicodec.DAG_CBOR.code()),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((v, codec, data) -> Cid.of(v == 0 ? 0 : 1, v == 0 ? Multicodec.DAG_PB.code() : codec, data));
    }

    @Provide
    Arbitrary<List<LedgerEntry>> ledgers() {
        Arbitrary<LedgerEntry> entry = Combinators.combine(Arbitraries.of(DIDS), cids(),
                        Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs())
                .as(LedgerEntry::new);
        // one entry per key, as the ledger holds them
        return entry.list().ofMaxSize(40).map(l -> {
            Map<LedgerEntry.Key, LedgerEntry> m = new LinkedHashMap<>();
            l.forEach(e -> m.put(e.key(), e));
            return List.copyOf(m.values());
        });
    }

    @Property
    void roundTripWithOneEncodingPerLedger(@ForAll("ledgers") List<LedgerEntry> entries) {
        byte[] file = StorageLedgerCodec.encode(entries);
        assertThat(StorageLedgerCodec.decode(file)).containsExactlyInAnyOrderElementsOf(entries);
        List<LedgerEntry> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled);
        assertThat(StorageLedgerCodec.encode(shuffled)).isEqualTo(file);
    }

    @Property(tries = 2000)
    void arbitraryBytesThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrIsCorrupt(bytes);
    }

    /** Arbitrary bytes almost always fail the magic or the checksum: also fuzz behind a valid header and checksum. */
    @Property(tries = 2000)
    void arbitraryBodiesWithAValidChecksumThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] body) {
        byte[] header = Arrays.copyOf(StorageLedgerCodec.MAGIC, StorageLedgerCodec.MAGIC.length + 1);
        header[header.length - 1] = StorageLedgerCodec.VERSION;
        byte[] unsealed = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, unsealed, header.length, body.length);
        assertDecodesOrIsCorrupt(seal(unsealed));
    }

    @Property(tries = 1000)
    void mutatedFilesThrowOnlyTheDeclaredException(@ForAll("ledgers") List<LedgerEntry> entries,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte value) {
        byte[] file = StorageLedgerCodec.encode(entries);
        byte[] body = Arrays.copyOf(file, file.length - 4);
        for (int p : positions) {
            body[Math.floorMod(p, body.length)] = value;
        }
        assertDecodesOrIsCorrupt(seal(body));
    }

    /** A torn write (any prefix) or one flipped bit is caught by the length or the checksum. */
    @Property(tries = 300)
    void truncatedOrFlippedFilesAreRefused(@ForAll("ledgers") List<LedgerEntry> entries, @ForAll int at,
            @ForAll boolean truncate) {
        byte[] file = StorageLedgerCodec.encode(entries);
        int i = Math.floorMod(at, file.length);
        byte[] damaged = truncate ? Arrays.copyOf(file, i) : file.clone();
        if (!truncate) {
            damaged[i] ^= 1;
        }
        try {
            StorageLedgerCodec.decode(damaged);
            throw new AssertionError("a damaged ledger was read");
        } catch (CorruptLedgerException expected) {
            // refused
        }
    }

    @Property(tries = 50)
    void countsBeyondTheCapAreRefusedUnread(@ForAll("ledgers") List<LedgerEntry> entries) {
        byte[] file = StorageLedgerCodec.encode(entries);
        byte[] body = Arrays.copyOf(file, file.length - 4);
        ByteBuffer.wrap(body).putInt(StorageLedgerCodec.MAGIC.length + 1, StorageLedger.MAX_ENTRIES + 1);
        try {
            StorageLedgerCodec.decode(seal(body));
            throw new AssertionError("a count past the cap was accepted");
        } catch (CorruptLedgerException expected) {
            assertThat(expected.getMessage()).contains("count");
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
            List<LedgerEntry> entries = StorageLedgerCodec.decode(bytes);
            assertThat(StorageLedgerCodec.encode(entries)).isEqualTo(bytes); // what reads is canonical
        } catch (CorruptLedgerException expected) {
            // the one declared failure
        }
    }
}
