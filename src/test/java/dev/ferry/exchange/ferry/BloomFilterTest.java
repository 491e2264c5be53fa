package dev.ferry.exchange.ferry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.wire.CapabilitiesFormatException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Freezes the Bloom filter format of the package documentation. The expected bytes were computed with an independent
 * implementation (Python hashlib) of the same definition; they must never change (a new hash function gets a new id).
 */
class BloomFilterTest {
    static final HexFormat HEX = HexFormat.of();
    // sha2-256 multihashes of "hello world\n" and of the empty string, and an identity multihash of "ferry"
    static final byte[] HELLO = HEX.parseHex("1220a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");
    static final byte[] EMPTY = HEX.parseHex("1220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    static final byte[] FERRY = HEX.parseHex("00056665727279");

    @Test
    void bitIndexesAreDoubleHashingFromSha256() {
        // SHA-256(HELLO): h1 = first 8 bytes, h2 = next 8, big-endian; g_i = (h1 + i*h2) mod 2^64 mod m
        long[] h = BloomFilter.hashes(HELLO);
        int[] got = new int[4];
        for (int i = 0; i < 4; i++) {
            got[i] = BloomFilter.index(h, i, 77);
        }
        assertThat(got).containsExactly(2, 71, 47, 39);
        long[] e = BloomFilter.hashes(EMPTY);
        assertThat(new int[] {BloomFilter.index(e, 0, 77), BloomFilter.index(e, 1, 77), BloomFilter.index(e, 2, 77),
                BloomFilter.index(e, 3, 77)}).containsExactly(69, 17, 42, 67);
    }

    @Test
    void knownAnswerEncodings() throws Exception {
        BloomFilter three = BloomFilter.withGeometry(77, 4).add(HELLO).add(EMPTY).add(FERRY).build();
        // 01 = sha256 double hashing | 4d = m 77 | 04 = k 4 | 10 bytes of bits, LSB first, 3 padding bits zero
        assertThat(HEX.formatHex(three.encode())).isEqualTo("01" + "4d" + "04" + "0408020090840110a800");
        assertThat(HEX.formatHex(BloomFilter.withGeometry(77, 4).build().encode()))
                .isEqualTo("014d04" + "00000000000000000000");
        // m = 300 needs a two-byte varint (ac 02)
        assertThat(HEX.formatHex(BloomFilter.withGeometry(300, 3).add(HELLO).build().encode())).isEqualTo(
                "01ac0203" + "0000000000100000000000000000100000000000000000000000000000400000000000000000");
        assertThat(BloomFilter.decode(three.encode())).isEqualTo(three);
        assertThat(three.encodedLength()).isEqualTo(three.encode().length);
    }

    @Test
    void sizingFollowsTheFormula() {
        BloomFilter.Builder b = BloomFilter.builder(1000, 0.01);
        assertThat(b.bitCount()).isEqualTo(9587); // the prime after ceil(-1000 ln 0.01 / ln²2) = 9586
        assertThat(b.hashCount()).isEqualTo(7); // round(9.586 ln 2)
        assertThat(BloomFilter.builder(0, 0.01).bitCount()).isEqualTo(67); // the prime after 64
        assertThat(BloomFilter.builder(1, 0.01).hashCount()).as("k from the ideal m, not the minimum").isEqualTo(7);
        assertThat(BloomFilter.builder(0, 0.01).hashCount()).isEqualTo(1);
        // capped: more entries than the cap allows at this rate
        BloomFilter.Builder capped = BloomFilter.builder(100_000_000L, 0.0001, 1 << 20);
        assertThat(capped.bitCount()).isEqualTo(1048573); // the largest prime <= 2^20
        assertThat(capped.hashCount()).isEqualTo(1);
        assertThat(BloomFilter.builder(10, 1e-30).hashCount()).isEqualTo(BloomFilter.MAX_HASHES);
        assertThatThrownBy(() -> BloomFilter.builder(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BloomFilter.builder(10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BloomFilter.builder(-1, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BloomFilter.builder(10, 0.1, BloomFilter.MAX_BITS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BloomFilter.withGeometry(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BloomFilter.withGeometry(8, 33)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measuredFalsePositiveRateMatchesTheConfiguredOne() {
        for (double p : new double[] {0.05, 0.01, 0.001}) {
            int n = 20_000;
            Random random = new Random(42);
            BloomFilter.Builder b = BloomFilter.builder(n, p);
            byte[][] members = new byte[n][];
            for (int i = 0; i < n; i++) {
                byte[] data = new byte[16];
                random.nextBytes(data);
                members[i] = Multihash.sha256(data).bytes();
                b.add(members[i]);
            }
            BloomFilter f = b.build();
            for (byte[] m : members) {
                assertThat(f.mightContain(m)).as("no false negatives").isTrue();
            }
            int trials = 200_000;
            int hits = 0;
            for (int i = 0; i < trials; i++) {
                byte[] data = new byte[17]; // other lengths than the members: certainly not members
                random.nextBytes(data);
                if (f.mightContain(Multihash.sha256(data).bytes())) {
                    hits++;
                }
            }
            double measured = (double) hits / trials;
            assertThat(measured).as("measured rate for p=" + p).isBetween(p * 0.7, p * 1.3);
            assertThat(f.expectedFpRate(n)).isBetween(p * 0.8, p * 1.1);
        }
    }

    @Test
    void cidVersionsOfOneMultihashAgree() {
        byte[] data = "hello world\n".getBytes(StandardCharsets.UTF_8);
        Cid raw = Cid.of(1, Multicodec.RAW.code(), data);
        BloomFilter f = BloomFilter.builder(1, 0.01).add(raw).build();
        assertThat(f.mightContain(Cid.v0(raw.multihash()))).isTrue();
        assertThat(f.mightContain(raw.multihash())).isTrue();
        assertThat(f.mightContain(HELLO)).isTrue();
        assertThat(f.mightContain(EMPTY)).isFalse();
    }

    @Test
    void decoderRefusesBadInputAndOversizeBeforeAllocating() {
        byte[] good = BloomFilter.withGeometry(77, 4).add(HELLO).build().encode();
        assertThatThrownBy(() -> BloomFilter.decode(new byte[0])).isInstanceOf(CapabilitiesFormatException.class);
        byte[] otherFn = good.clone();
        otherFn[0] = 2;
        assertThatThrownBy(() -> BloomFilter.decode(otherFn)).hasMessageContaining("hash function");
        byte[] padding = good.clone();
        padding[padding.length - 1] |= (byte) 0x80; // bit 79 > m-1 = 76
        assertThatThrownBy(() -> BloomFilter.decode(padding)).hasMessageContaining("padding");
        byte[] shortBody = java.util.Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> BloomFilter.decode(shortBody)).hasMessageContaining("needs 10 bytes");
        byte[] longBody = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> BloomFilter.decode(longBody)).hasMessageContaining("needs 10 bytes");
        assertThatThrownBy(() -> BloomFilter.decode(HEX.parseHex("010001"))).hasMessageContaining("zero");
        assertThatThrownBy(() -> BloomFilter.decode(HEX.parseHex("010100"))).hasMessageContaining("zero");
        assertThatThrownBy(() -> BloomFilter.decode(HEX.parseHex("01808001"))).hasMessageContaining("header");
        // 2^40 bits claimed with a 1-byte body: refused on the header, oversized
        byte[] huge = HEX.parseHex("01" + "8080808080200101" + "00");
        assertThatThrownBy(() -> BloomFilter.decode(huge)).isInstanceOfSatisfying(CapabilitiesFormatException.class,
                e -> assertThat(e.oversized()).isTrue());
        // 33 hashes
        assertThatThrownBy(() -> BloomFilter.decode(HEX.parseHex("010821" + "00")))
                .isInstanceOfSatisfying(CapabilitiesFormatException.class, e -> assertThat(e.oversized()).isTrue());
        // within the absolute cap but above the receiver's own
        byte[] big = BloomFilter.withGeometry(1 << 16, 3).build().encode();
        assertThatThrownBy(() -> BloomFilter.decode(big, 1 << 15, 32))
                .isInstanceOfSatisfying(CapabilitiesFormatException.class, e -> assertThat(e.oversized()).isTrue());
        // twin: the same filter under a cap that allows it
        org.assertj.core.api.Assertions.assertThatCode(() -> BloomFilter.decode(big, 1 << 16, 3))
                .doesNotThrowAnyException();
    }

    @Test
    void itemsLongerThanAnyMultihashAreRefused() {
        assertThatThrownBy(() -> BloomFilter.builder(1, 0.1).add(new byte[BloomFilter.MAX_ITEM + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
