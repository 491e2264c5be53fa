package dev.ferry.exchange.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.ferry.wire.CapabilitiesFormatException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips, and arbitrary bytes never make the filter decoder throw anything but its declared exception. */
class BloomFilterProperties {
    @Property(tries = 300)
    void roundTripKeepsMembership(@ForAll @IntRange(min = 1, max = 5000) int bits,
            @ForAll @IntRange(min = 1, max = 32) int hashes,
            @ForAll @Size(max = 40) List<@Size(max = 40) byte[]> items) throws Exception {
        BloomFilter.Builder b = BloomFilter.withGeometry(bits, hashes);
        items.forEach(b::add);
        BloomFilter f = b.build();
        BloomFilter back = BloomFilter.decode(f.encode());
        assertThat(back).isEqualTo(f);
        assertThat(back.encode()).isEqualTo(f.encode());
        for (byte[] item : items) {
            assertThat(back.mightContain(item)).isTrue();
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesOnlyThrowTheFormatException(@ForAll @Size(max = 300) byte[] input) {
        try {
            BloomFilter f = BloomFilter.decode(input, 1 << 12, 32);
            // accepted: the body was exactly the declared size, so nothing beyond the input was allocated
            assertThat(f.encodedLength()).isEqualTo(input.length);
        } catch (CapabilitiesFormatException expected) {
            // fine
        }
    }

    @Property(tries = 500)
    void validHeaderWithArbitraryBodyOnlyThrowsTheFormatException(@ForAll @IntRange(min = 0, max = 70_000_000) int bits,
            @ForAll @IntRange(min = 0, max = 40) int hashes, @ForAll @Size(max = 64) byte[] body) {
        byte[] head = new byte[1 + 10 + 10];
        head[0] = 1;
        int off = 1 + dev.ferry.multiformats.Varint.write(bits, head, 1);
        off += dev.ferry.multiformats.Varint.write(hashes, head, off);
        byte[] input = new byte[off + body.length];
        System.arraycopy(head, 0, input, 0, off);
        System.arraycopy(body, 0, input, off, body.length);
        try {
            BloomFilter.decode(input);
            assertThat((bits + 7) / 8).isEqualTo(body.length);
        } catch (CapabilitiesFormatException expected) {
            // fine
        }
    }
}
