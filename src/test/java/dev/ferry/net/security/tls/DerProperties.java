package dev.ferry.net.security.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class DerProperties {

    /** Arbitrary bytes through every reading the certificate code does: a value or a DerException, nothing else. */
    @Property(tries = 2000)
    void arbitraryBytesOnlyThrowDerException(@ForAll @Size(max = 200) byte[] bytes) {
        for (int mode = 0; mode < 6; mode++) {
            try {
                DerReader r = new DerReader(bytes);
                int steps = 0;
                while (r.hasMore() && steps++ < bytes.length + 1) {
                    switch (mode) {
                        case 0 -> r.next();
                        case 1 -> r.integer();
                        case 2 -> r.oid();
                        case 3 -> r.bitString();
                        case 4 -> r.bool();
                        default -> {
                            DerReader.Element e = r.next();
                            assertThat(e.end()).isBetween(e.contentStart(), bytes.length);
                            e.reader().hasMore();
                        }
                    }
                }
                assertThat(steps).isLessThanOrEqualTo(bytes.length); // every element takes at least two bytes
            } catch (DerException expected) {
                assertThat(expected.getMessage()).startsWith("DER: ");
            }
        }
        try {
            SignedKey.decode(bytes);
        } catch (DerException expected) {
            // the declared failure
        }
    }

    @Property
    void integersRoundTrip(@ForAll BigInteger v) throws DerException {
        DerReader r = new DerReader(DerWriter.integer(v));
        assertThat(r.integer()).isEqualTo(v);
        r.end();
    }

    @Property
    void oidsRoundTrip(@ForAll("oids") String oid) throws DerException {
        DerReader r = new DerReader(DerWriter.oid(oid));
        assertThat(r.oid()).isEqualTo(oid);
        r.end();
    }

    @Property
    void signedKeysRoundTripAndLengthsOfAnySizeAreMinimal(@ForAll @Size(max = 70_000) byte[] key,
            @ForAll @Size(max = 600) byte[] sig) throws DerException {
        SignedKey k = SignedKey.decode(new SignedKey(key, sig).encode());
        assertThat(k.publicKey()).isEqualTo(key);
        assertThat(k.signature()).isEqualTo(sig);
    }

    @Provide
    Arbitrary<String> oids() {
        Arbitrary<Integer> first = Arbitraries.integers().between(0, 2);
        Arbitrary<List<Long>> rest = Arbitraries.longs().between(0, Long.MAX_VALUE / 256).list().ofMinSize(1)
                .ofMaxSize(8);
        return first.flatMap(f -> Arbitraries.longs().between(0, f < 2 ? 39 : 1000).flatMap(s -> rest.map(r -> {
            StringBuilder sb = new StringBuilder().append(f).append('.').append(s);
            r.forEach(x -> sb.append('.').append(x));
            return sb.toString();
        })));
    }
}
