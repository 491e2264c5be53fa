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

    @Provide
    Arbitrary<Map<Cid, PinType>> pinSets() {
        Arbitrary<Cid> cids = Combinators.combine(
                        Arbitraries.of(0, 1),
                        Arbitraries.of(Multicodec.RAW.code(), Multicodec.DAG_PB.code(), Multicodec.DAG_CBOR.code()),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((v, codec, data) -> Cid.of(v == 0 ? 0 : 1, v == 0 ? Multicodec.DAG_PB.code() : codec, data));
        return Arbitraries.maps(cids, Arbitraries.of(PinType.RECURSIVE, PinType.DIRECT)).ofMaxSize(40);
    }

    @Property
    void roundTrip(@ForAll("pinSets") Map<Cid, PinType> pins) {
        byte[] file = PinFileCodec.encode(pins);
        assertThat(PinFileCodec.decode(file)).isEqualTo(pins);
        // one canonical encoding per set, whatever the map's order
        assertThat(PinFileCodec.encode(new HashMap<>(PinFileCodec.decode(file)))).isEqualTo(file);
    }

    @Property(tries = 2000)
    void arbitraryBytesThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrIsCorrupt(bytes);
    }

    /** Arbitrary bytes almost always fail the magic or the checksum: also fuzz behind a valid header and checksum. */
    @Property(tries = 2000)
    void arbitraryBodiesWithAValidChecksumThrowOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] body) {
        byte[] header = {'F', 'E', 'R', 'R', 'Y', 'P', 'I', 'N', 1};
        byte[] unsealed = new byte[header.length + body.length];
        System.arraycopy(header, 0, unsealed, 0, header.length);
        System.arraycopy(body, 0, unsealed, header.length, body.length);
        assertDecodesOrIsCorrupt(seal(unsealed));
    }

    @Property(tries = 1000)
    void mutatedFilesThrowOnlyTheDeclaredException(@ForAll("pinSets") Map<Cid, PinType> pins,
            @ForAll @Size(min = 1, max = 4) List<Integer> positions, @ForAll byte value) {
        byte[] file = PinFileCodec.encode(pins);
        byte[] body = java.util.Arrays.copyOf(file, file.length - 4);
        for (int p : positions) {
            body[Math.floorMod(p, body.length)] = value;
        }
        assertDecodesOrIsCorrupt(seal(body));
    }

    private static byte[] seal(byte[] body) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        byte[] file = java.util.Arrays.copyOf(body, body.length + 4);
        java.nio.ByteBuffer.wrap(file, body.length, 4).putInt((int) crc.getValue());
        return file;
    }

    private static void assertDecodesOrIsCorrupt(byte[] bytes) {
        try {
            Map<Cid, PinType> pins = PinFileCodec.decode(bytes);
            assertThat(PinFileCodec.decode(PinFileCodec.encode(pins))).isEqualTo(pins);
        } catch (CorruptPinFileException expected) {
            // the one declared failure
        }
    }
}
