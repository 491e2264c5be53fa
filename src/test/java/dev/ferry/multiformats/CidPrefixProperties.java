package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CidPrefixProperties {
    @Property
    void roundTrip(@ForAll @IntRange(min = 0, max = 1) int version, @ForAll @IntRange(min = 0, max = 1 << 20) int codec,
            @ForAll @IntRange(min = 0, max = 1 << 20) int hash, @ForAll @IntRange(min = 0, max = 64) int length) {
        CidPrefix p = version == 0 ? CidPrefix.V0 : new CidPrefix(1, codec, hash, length);
        byte[] enc = p.encode();
        assertThat(enc.length).isLessThanOrEqualTo(CidPrefix.MAX_LENGTH);
        assertThat(CidPrefix.decode(enc)).isEqualTo(p);
    }

    @Property(tries = 2000)
    void arbitraryBytesOnlyFailWithMultiformatException(@ForAll @Size(max = 48) byte[] bytes) {
        Decoding.attempt(() -> CidPrefix.decode(bytes))
                .ifPresent(p -> assertThat(CidPrefix.decode(p.encode())).isEqualTo(p));
    }
}
