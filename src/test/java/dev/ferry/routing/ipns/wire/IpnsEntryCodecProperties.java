package dev.ferry.routing.ipns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The IpnsEntry codec: arbitrary bytes fail only with its exception; every entry reads back field for field. */
class IpnsEntryCodecProperties {
    @Property(tries = 3000)
    void arbitraryBytesFailCleanly(@ForAll @Size(max = 4096) byte[] bytes) {
        try {
            IpnsEntryCodec.decode(bytes);
        } catch (IpnsWireException e) {
            assertThat(e.getMessage()).startsWith("not an IPNS record");
        }
    }

    @Property(tries = 500)
    void entriesRoundTrip(@ForAll("entries") IpnsEntry e) throws Exception {
        IpnsEntry back = IpnsEntryCodec.decode(IpnsEntryCodec.encode(e));
        assertThat(back).usingRecursiveComparison().isEqualTo(e);
    }

    @Provide
    Arbitrary<IpnsEntry> entries() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).injectNull(0.3);
        Arbitrary<Long> longs = Arbitraries.longs().injectNull(0.3);
        return Combinators.combine(bytes, bytes, longs, bytes, longs, longs, bytes, bytes)
                .as((v, s1, vt, vy, seq, ttl, pk, s2) -> new IpnsEntry(v, s1, vt, vy, seq, ttl, pk, s2, v));
    }
}
