package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class CidProperties {
    @Property
    void binaryRoundTrip(@ForAll("cids") Cid cid, @ForAll @Size(max = 8) byte[] tail) {
        Cid back = Cid.decode(cid.bytes());
        assertThat(back).isEqualTo(cid).hasSameHashCodeAs(cid);
        assertThat(back.version()).isEqualTo(cid.version());
        assertThat(back.codec()).isEqualTo(cid.codec());
        assertThat(back.multihash()).isEqualTo(cid.multihash());
        ByteBuffer buf = ByteBuffer.allocate(cid.bytes().length + tail.length).put(cid.bytes()).put(tail).flip();
        assertThat(Cid.read(buf)).isEqualTo(cid);
        assertThat(buf.remaining()).isEqualTo(tail.length);
    }

    @Property
    void textRoundTrip(@ForAll("cids") Cid cid, @ForAll Multibase base) {
        net.jqwik.api.Assume.that(base != Multibase.IDENTITY); // a CID's bytes are no text
        assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
        if (cid.version() == 1) {
            assertThat(Cid.parse(cid.toString(base))).isEqualTo(cid);
        } else {
            assertThat(cid.toString()).startsWith("Qm").hasSize(46);
            assertThat(cid.toV1().toV0()).isEqualTo(cid);
            assertThat(Cid.parse(cid.toV1().toString(base))).isEqualTo(cid.toV1());
        }
    }

    @Property
    void ofHashesTheData(@ForAll @Size(max = 100) byte[] data) {
        Cid raw = Cid.of(1, Multicodec.RAW.code(), data);
        assertThat(raw.verifies(data)).isTrue();
        Cid pb = Cid.of(0, Multicodec.DAG_PB.code(), data);
        assertThat(pb.toV1().multihash()).isEqualTo(pb.multihash());
        assertThat(pb.toV1()).isEqualTo(Cid.of(1, Multicodec.DAG_PB.code(), data));
    }

    /** Arbitrary bytes: MultiformatException or an exact, canonical CID. */
    @Property
    void arbitraryBytes(@ForAll("cidLike") byte[] bytes) {
        Optional<Cid> cid = Decoding.attempt(() -> Cid.decode(bytes));
        cid.ifPresent(c -> assertThat(c.bytes()).isEqualTo(bytes));
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (Decoding.attempt(() -> Cid.read(buf)).isEmpty()) {
            assertThat(buf.position()).isZero();
        }
    }

    @Property
    void mutatedEncodings(@ForAll("cids") Cid cid, @ForAll int index, @ForAll byte replacement) {
        byte[] bytes = cid.bytes();
        bytes[Math.floorMod(index, bytes.length)] = replacement;
        Decoding.attempt(() -> Cid.decode(bytes)).ifPresent(c -> assertThat(c.bytes()).isEqualTo(bytes));
    }

    @Property
    void mutatedText(@ForAll("cids") Cid cid, @ForAll Multibase base, @ForAll int index, @ForAll char replacement) {
        net.jqwik.api.Assume.that(base != Multibase.IDENTITY);
        String text = cid.version() == 0 ? cid.toString() : cid.toString(base);
        char[] chars = text.toCharArray();
        chars[Math.floorMod(index, chars.length)] = replacement;
        Decoding.attempt(() -> Cid.parse(new String(chars)));
    }

    @Property
    void arbitraryText(@ForAll @Size(max = 80) String text) {
        Decoding.attempt(() -> Cid.parse(text));
    }

    @Property
    void hugeDeclaredDigestLength(@ForAll @LongRange(min = Multihash.MAX_DIGEST_LENGTH + 1, max = Long.MAX_VALUE) long len) {
        byte[] head = Varint.encode(len);
        byte[] bytes = new byte[3 + head.length + 4];
        bytes[0] = 1;
        bytes[1] = 0x55;
        bytes[2] = 0x12;
        System.arraycopy(head, 0, bytes, 3, head.length);
        assertThat(Decoding.attempt(() -> Cid.decode(bytes))).isEmpty();
    }

    @Provide
    Arbitrary<Cid> cids() {
        return Generators.cids();
    }

    @Provide
    Arbitrary<byte[]> cidLike() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        // bias towards plausible headers: 01 <codec> <mh code> <len> …, 12 20 …
        Arbitrary<byte[]> v1ish = random.map(b -> {
            byte[] out = new byte[b.length + 2];
            out[0] = 1;
            out[1] = 0x55;
            System.arraycopy(b, 0, out, 2, b.length);
            return out;
        });
        Arbitrary<byte[]> v0ish = Arbitraries.bytes().array(byte[].class).ofMinSize(30).ofMaxSize(36).map(b -> {
            b[0] = 0x12;
            b[1] = 0x20;
            return b;
        });
        return Arbitraries.oneOf(random, v1ish, v0ish);
    }
}
