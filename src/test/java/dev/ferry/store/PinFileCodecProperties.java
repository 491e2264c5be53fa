package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class PinFileCodecProperties {

    private static Arbitrary<Cid> cids() {
        return Combinators.combine(
                        Arbitraries.of(0, 1),
                        Arbitraries.of(Multicodec.RAW.code(), Multicodec.DAG_PB.code(), Multicodec.DAG_CBOR.code()),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((v, codec, data) -> Cid.of(v == 0 ? 0 : 1, v == 0 ? Multicodec.DAG_PB.code() : codec, data));
    }

    /** Names of any code points (astral ones included) up to the byte limit, often empty. */
    private static Arbitrary<String> names() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMaxLength(90);
        Arbitrary<String> astral = Arbitraries.integers().between(0x10000, 0x10FFFF).list().ofMaxSize(40)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                        StringBuilder::append).toString());
        return Arbitraries.oneOf(Arbitraries.just(""), text, astral)
                .filter(n -> n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= PinEntry.MAX_NAME_BYTES);
    }

    @Provide
    Arbitrary<Map<Cid, PinEntry>> pinSets() {
        Arbitrary<PinEntry> entries = Combinators.combine(Arbitraries.of(PinType.RECURSIVE, PinType.DIRECT), names())
                .as(PinEntry::new);
        return Arbitraries.maps(cids(), entries).ofMaxSize(40);
    }

    @Provide
    Arbitrary<Map<Cid, PinType>> unnamedPinSets() {
        return Arbitraries.maps(cids(), Arbitraries.of(PinType.RECURSIVE, PinType.DIRECT)).ofMaxSize(40);
    }

    @Property
    void roundTrip(@ForAll("pinSets") Map<Cid, PinEntry> pins) {
        byte[] file = PinFileCodec.encode(pins);
        assertThat(PinFileCodec.decode(file)).isEqualTo(pins);
        // one canonical encoding per set, whatever the map's order
        assertThat(PinFileCodec.encode(new HashMap<>(PinFileCodec.decode(file)))).isEqualTo(file);
    }

    /** A version-1 file reads as the same pins, unnamed, and writing them again gives the version-2 file. */
    @Property
    void version1ReadsAsUnnamedPins(@ForAll("unnamedPinSets") Map<Cid, PinType> pins) {
        Map<Cid, PinEntry> read = PinFileCodec.decode(PinFileVersion1.encode(pins));
        Map<Cid, PinEntry> expected = new HashMap<>();
        pins.forEach((c, t) -> expected.put(c, PinEntry.of(t)));
        assertThat(read).isEqualTo(expected);
        byte[] upgraded = PinFileCodec.encode(read);
        assertThat(upgraded[PinFileCodec.MAGIC.length]).isEqualTo((byte) 2);
        assertThat(PinFileCodec.decode(upgraded)).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void arbitraryBytesThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrIsCorrupt(bytes);
    }

    /** Arbitrary bytes almost always fail the magic or the checksum: also fuzz behind a valid header and checksum. */
    @Property(tries = 2000)
    void arbitraryBodiesWithAValidChecksumThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] body,
            @ForAll("versions") int version) {
        byte[] header = {'F', 'E', 'R', 'R', 'Y', 'P', 'I', 'N', (byte) version};
        byte[] unsealed = new byte[header.length + body.length];
        System.arraycopy(header, 0, unsealed, 0, header.length);
        System.arraycopy(body, 0, unsealed, header.length, body.length);
        assertDecodesOrIsCorrupt(PinFileVersion1.seal(unsealed));
    }

    @Provide
    Arbitrary<Integer> versions() {
        return Arbitraries.of(1, 2);
    }

    @Property(tries = 1000)
    void mutatedFilesThrowOnlyTheDeclaredException(@ForAll("pinSets") Map<Cid, PinEntry> pins,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte value) {
        mutate(PinFileCodec.encode(pins), positions, value);
    }

    @Property(tries = 500)
    void mutatedVersion1FilesThrowOnlyTheDeclaredException(@ForAll("unnamedPinSets") Map<Cid, PinType> pins,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte value) {
        mutate(PinFileVersion1.encode(pins), positions, value);
    }

    private static void mutate(byte[] file, List<Integer> positions, byte value) {
        byte[] body = java.util.Arrays.copyOf(file, file.length - 4);
        for (int p : positions) {
            body[Math.floorMod(p, body.length)] = value;
        }
        assertDecodesOrIsCorrupt(PinFileVersion1.seal(body));
    }

    private static void assertDecodesOrIsCorrupt(byte[] bytes) {
        try {
            Map<Cid, PinEntry> pins = PinFileCodec.decode(bytes);
            assertThat(PinFileCodec.decode(PinFileCodec.encode(pins))).isEqualTo(pins);
        } catch (CorruptPinFileException expected) {
            // the one declared failure
        }
    }
}
