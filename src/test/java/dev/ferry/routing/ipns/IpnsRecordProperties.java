package dev.ferry.routing.ipns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The record reader on arbitrary input: only its declared exception; made records read back whole. */
class IpnsRecordProperties {
    private static final PrivateKey KEY = IpnsKeys.ed25519();
    private static final IpnsName NAME = new IpnsName(PeerId.fromPublicKey(KEY.publicKey()));
    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    @Property(tries = 2000)
    void arbitraryBytesAreRefusedCleanly(@ForAll @Size(max = 12 * 1024) byte[] bytes) {
        try {
            IpnsRecord.verify(NAME, bytes, NOW);
        } catch (InvalidIpnsRecordException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void aSignedRecordWithArbitraryDataIsRefusedCleanlyOrReadBack(@ForAll @Size(max = 2048) byte[] data) {
        byte[] record = IpnsRecordTest.signed(KEY, data, false);
        try {
            IpnsRecord.verify(NAME, record, NOW);
        } catch (InvalidIpnsRecordException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void madeRecordsReadBackWhole(@ForAll("values") byte[] value, @ForAll long sequence, @ForAll long ttl,
                                  @ForAll("validities") Instant validity, @ForAll boolean v1) throws Exception {
        IpnsRecord made = IpnsRecord.create(KEY, value, sequence, validity, ttl, v1);
        IpnsRecord read = IpnsRecord.verify(NAME, made.bytes(), NOW);
        assertThat(read.value()).isEqualTo(value);
        assertThat(read.sequence()).isEqualTo(sequence);
        assertThat(read.ttlNanos()).isEqualTo(ttl);
        assertThat(read.validity()).isEqualTo(validity);
    }

    @Provide
    Arbitrary<byte[]> values() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
    }

    @Provide
    Arbitrary<Instant> validities() {
        return Arbitraries.longs().between(NOW.getEpochSecond() + 1, 253402300799L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
    }
}
