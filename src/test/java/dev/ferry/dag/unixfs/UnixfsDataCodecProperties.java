package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class UnixfsDataCodecProperties {

    @Property(tries = 500)
    void roundTrip(@ForAll("data") UnixfsData d) {
        byte[] enc = UnixfsDataCodec.encode(d);
        assertThat(UnixfsDataCodec.decode(enc)).isEqualTo(d);
        assertThat(UnixfsDataCodec.encode(UnixfsDataCodec.decode(enc))).isEqualTo(enc);
    }

    @Property(tries = 2000)
    void arbitraryBytesOnlyThrowUnixfsException(@ForAll @Size(max = 64) byte[] bytes) {
        try {
            UnixfsData d = UnixfsDataCodec.decode(bytes);
            // whatever decodes must encode again and decode to the same value
            assertThat(UnixfsDataCodec.decode(UnixfsDataCodec.encode(d))).isEqualTo(d);
        } catch (UnixfsException expected) {
            // the only exception allowed
        }
    }

    @Property(tries = 1000)
    void mutatedValidEncodingsOnlyThrowUnixfsException(@ForAll("data") UnixfsData d,
            @ForAll int position, @ForAll byte value) {
        byte[] enc = UnixfsDataCodec.encode(d);
        enc[Math.floorMod(position, enc.length)] = value;
        try {
            UnixfsDataCodec.decode(enc);
        } catch (UnixfsException expected) {
            // fine
        }
    }

    @Provide
    Arbitrary<UnixfsData> data() {
        Arbitrary<UnixfsType> type = Arbitraries.of(UnixfsType.class);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).injectNull(0.3);
        Arbitrary<Long> u64 = Arbitraries.longs().greaterOrEqual(0).injectNull(0.4);
        Arbitrary<List<Long>> sizes = Arbitraries.longs().greaterOrEqual(0).list().ofMaxSize(6);
        Arbitrary<Long> mode = Arbitraries.longs().between(0, 0xFFFF_FFFFL).injectNull(0.5);
        Arbitrary<UnixTime> mtime = Combinators.combine(Arbitraries.longs(),
                Arbitraries.integers().between(1, 999_999_999).injectNull(0.5))
                .as(UnixTime::new).injectNull(0.5);
        return Combinators.combine(type, bytes, u64, sizes, u64, u64, mode, mtime).as(UnixfsData::new);
    }
}
