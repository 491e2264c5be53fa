package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class HashFunctionProperties {
    @Provide
    Arbitrary<HashFunction> functions() {
        return Arbitraries.of(HashFunction.acceptedFunctions());
    }

    /** Every accepted function: the right data verifies, the data with any one bit flipped does not. */
    @Property(tries = 400)
    void verifiesTheRightDataOnly(@ForAll("functions") HashFunction f, @ForAll @Size(min = 1, max = 100) byte[] data,
                                  @ForAll int bitSeed) {
        Multihash mh = f.hash(data);
        assertThat(mh.verifies(data)).isTrue();
        assertThat(Multihash.decode(mh.bytes()).verifies(data)).isTrue();
        int bit = Math.floorMod(bitSeed, data.length * 8);
        byte[] flipped = data.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(mh.verifies(flipped)).isFalse();
        // the CID a Bitswap prefix rebuilds is the same
        Cid cid = Cid.v1(Multicodec.RAW.code(), mh);
        assertThat(CidPrefix.of(cid).rebuildable()).isTrue();
        assertThat(CidPrefix.of(cid).cidOf(data)).isEqualTo(cid);
    }

    /** A fresh engine per call or a reused one: the same digest whatever was hashed before or at an offset. */
    @Property(tries = 200)
    void sliceEqualsCopy(@ForAll("functions") HashFunction f, @ForAll @Size(max = 100) byte[] data,
                         @ForAll @Size(max = 50) byte[] before) {
        f.hash(before);
        byte[] padded = new byte[data.length + 6];
        System.arraycopy(data, 0, padded, 3, data.length);
        assertThat(f.hash(padded, 3, data.length)).isEqualTo(f.hash(data));
    }
}
