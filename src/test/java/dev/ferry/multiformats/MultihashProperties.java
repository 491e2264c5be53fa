package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class MultihashProperties {
    @Property
    void roundTrip(@ForAll("multihashes") Multihash mh) {
        byte[] enc = mh.bytes();
        assertThat(enc).hasSize(mh.encodedLength());
        Multihash back = Multihash.decode(enc);
        assertThat(back).isEqualTo(mh).hasSameHashCodeAs(mh);
        assertThat(back.code()).isEqualTo(mh.code());
        assertThat(back.digest()).isEqualTo(mh.digest());
        assertThat(Multihash.of(mh.code(), mh.digest())).isEqualTo(mh);
        assertThat(Base58.decode(mh.toBase58())).isEqualTo(enc);
    }

    @Property
    void readLeavesTrailingBytes(@ForAll("multihashes") Multihash mh, @ForAll @Size(max = 8) byte[] tail) {
        ByteBuffer buf = ByteBuffer.allocate(mh.encodedLength() + tail.length).put(mh.bytes()).put(tail).flip();
        assertThat(Multihash.read(buf)).isEqualTo(mh);
        assertThat(buf.remaining()).isEqualTo(tail.length);
    }

    @Property
    void sha256Verifies(@ForAll @Size(max = 200) byte[] data, @ForAll @IntRange(min = 0, max = 10) int off) {
        Multihash mh = Multihash.sha256(data);
        assertThat(mh.verifies(data)).isTrue();
        assertThat(Multihash.identity(java.util.Arrays.copyOf(data, Math.min(data.length, 128))).verifies(
            java.util.Arrays.copyOf(data, Math.min(data.length, 128)))).isTrue();
        int o = Math.min(off, data.length);
        assertThat(Multihash.sha256(data, o, data.length - o))
            .isEqualTo(Multihash.sha256(java.util.Arrays.copyOfRange(data, o, data.length)));
    }

    /** The reused per-thread engine: a refused call (bad range) leaves nothing behind for the next hash. */
    @Property
    void sha256IsAFreshEnginesDigest(@ForAll @Size(max = 300) byte[] data, @ForAll int badOff) throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Multihash.sha256(data, data.length + 1 + Math.abs(badOff % 5), 1))
            .isInstanceOf(IndexOutOfBoundsException.class);
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(data);
        assertThat(Multihash.sha256(data).digest()).isEqualTo(expected);
        assertThat(Multihash.sha256(data).digest()).isEqualTo(expected);
    }

    @net.jqwik.api.Example
    void sha256OnManyThreadsAtOnce() throws Exception {
        java.util.List<java.util.concurrent.Callable<Boolean>> tasks = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int seed = t;
            tasks.add(() -> {
                java.util.Random rnd = new java.util.Random(seed);
                java.security.MessageDigest fresh = java.security.MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < 300; i++) {
                    byte[] d = new byte[rnd.nextInt(5000)];
                    rnd.nextBytes(d);
                    if (!java.util.Arrays.equals(Multihash.sha256(d).digest(), fresh.digest(d))) {
                        return false;
                    }
                }
                return true;
            });
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (var f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isTrue();
            }
        }
    }

    /** Arbitrary bytes: MultiformatException or an exact, canonical multihash. */
    @Property
    void arbitraryBytes(@ForAll @Size(max = 160) byte[] bytes) {
        Optional<Multihash> mh = Decoding.attempt(() -> Multihash.decode(bytes));
        mh.ifPresent(m -> assertThat(m.bytes()).isEqualTo(bytes));
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (Decoding.attempt(() -> Multihash.read(buf)).isEmpty()) {
            assertThat(buf.position()).isZero();
        }
    }

    @Property
    void mutatedEncodings(@ForAll("multihashes") Multihash mh, @ForAll int index, @ForAll byte replacement) {
        byte[] bytes = mh.bytes();
        bytes[Math.floorMod(index, bytes.length)] = replacement;
        Decoding.attempt(() -> Multihash.decode(bytes)).ifPresent(m -> assertThat(m.bytes()).isEqualTo(bytes));
    }

    /** A huge declared digest length fails on the length alone, without allocating it. */
    @Property
    void hugeDeclaredLength(@ForAll @LongRange(min = Multihash.MAX_DIGEST_LENGTH + 1, max = Long.MAX_VALUE) long len,
                            @ForAll @Size(max = 200) byte[] tail) {
        byte[] head = Varint.encode(len);
        byte[] bytes = new byte[1 + head.length + tail.length];
        bytes[0] = 0x12;
        System.arraycopy(head, 0, bytes, 1, head.length);
        System.arraycopy(tail, 0, bytes, 1 + head.length, tail.length);
        assertThat(Decoding.attempt(() -> Multihash.decode(bytes))).isEmpty();
    }

    @Provide
    Arbitrary<Multihash> multihashes() {
        return Generators.multihashes();
    }
}
