package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class VarintProperties {
    @Property
    void roundTrip(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) throws IOException {
        byte[] enc = Varint.encode(v);
        assertThat(enc).hasSize(Varint.size(v));
        ByteBuffer buf = ByteBuffer.wrap(enc);
        assertThat(Varint.decode(buf)).isEqualTo(v);
        assertThat(buf.hasRemaining()).isFalse();
        assertThat(Varint.read(new ByteArrayInputStream(enc))).isEqualTo(v);
    }

    @Property
    void smallValuesRoundTrip(@ForAll @LongRange(min = 0, max = 1 << 22) long v) {
        assertThat(Varint.decode(ByteBuffer.wrap(Varint.encode(v)))).isEqualTo(v);
    }

    /** Arbitrary bytes: either a canonical varint (re-encodes to the bytes consumed) or MultiformatException. */
    @Property
    void arbitraryBytes(@ForAll @Size(max = 12) byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Optional<Long> v = Decoding.attempt(() -> Varint.decode(buf));
        if (v.isPresent()) {
            assertThat(v.get()).isNotNegative();
            assertThat(Varint.encode(v.get())).isEqualTo(Arrays.copyOf(bytes, buf.position()));
        } else {
            assertThat(buf.position()).isZero();
        }
    }

    @Property
    void streamAgreesWithBuffer(@ForAll @Size(max = 12) byte[] bytes) throws IOException {
        Optional<Long> fromBuffer = Decoding.attempt(() -> Varint.decode(ByteBuffer.wrap(bytes)));
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        try {
            long v = Varint.read(in);
            assertThat(fromBuffer).contains(v);
        } catch (EOFException e) {
            assertThat(bytes).isEmpty();
        } catch (MultiformatException e) {
            assertThat(fromBuffer).isEmpty();
        }
    }
}
