package dev.ferry.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/** Both keystreams (Java, and libsodium where it loads) against BouncyCastle's engine, cut into arbitrary pieces. */
class XSalsa20Properties {

    private static byte[] oracle(byte[] key, byte[] nonce, long skip, byte[] data) {
        XSalsa20Engine e = new XSalsa20Engine();
        e.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        e.seekTo(skip);
        byte[] out = new byte[data.length];
        e.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    private static List<XSalsa20> backends(byte[] key, byte[] nonce) {
        List<XSalsa20> all = new ArrayList<>();
        all.add(new XSalsa20(key, nonce, false));
        if (XSalsa20.nativeKeystream()) {
            all.add(new XSalsa20(key, nonce, true));
        }
        return all;
    }

    @Property(tries = 300)
    void matchesTheOracleWhateverThePieces(@ForAll @Size(32) byte[] key, @ForAll @Size(24) byte[] nonce,
            @ForAll @IntRange(max = 3000) int length, @ForAll long seed) {
        Random r = new Random(seed);
        byte[] data = new byte[length];
        r.nextBytes(data);
        byte[] want = oracle(key, nonce, 0, data);
        for (XSalsa20 x : backends(key, nonce)) {
            byte[] got = new byte[length];
            int off = 0;
            while (off < length) {
                int n = Math.min(length - off, r.nextInt(4) == 0 ? r.nextInt(3) : r.nextInt(700));
                if (r.nextBoolean()) {
                    x.apply(data, off, n, got, off);
                } else {
                    System.arraycopy(data, off, got, off, n);
                    x.apply(got, off, n); // in place
                }
                off += n;
            }
            assertThat(got).isEqualTo(want);
        }
    }

    @Test
    void theBlockCounterCarriesIntoItsHighWord() {
        byte[] key = new byte[32];
        byte[] nonce = new byte[24];
        new Random(9).nextBytes(key);
        new Random(10).nextBytes(nonce);
        long block = (1L << 32) - 2; // the last blocks before the low word wraps, and the first after
        byte[] data = new byte[64 * 5 + 17];
        new Random(11).nextBytes(data);
        byte[] want = oracle(key, nonce, block * 64, data);
        for (XSalsa20 x : backends(key, nonce)) {
            x.seekToBlock(block);
            byte[] got = data.clone();
            x.apply(got, 0, 30);
            x.apply(got, 30, got.length - 30);
            assertThat(got).isEqualTo(want);
        }
    }

    @Test
    void libsodiumLoadsOnMachinesOfThisKind() {
        // the images ferry runs on ship libsodium; if that changes, the Java keystream still works, at a third
        assertThat(XSalsa20.nativeKeystream()).as(LibSodium.failure().orElse("")).isTrue();
    }
}
