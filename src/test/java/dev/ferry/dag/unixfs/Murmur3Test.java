package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Murmur3Test {
    // values printed by @multiformats/murmur3 murmur3128 (the hash js hamt-sharding uses)
    @ParameterizedTest
    @CsvSource(value = {
        "'', 00000000000000000000000000000000",
        "a, 85555565f6597889e6b53a48510e895a",
        "hello, cbd8a7b341bd9b025b1e906a48ae1d19",
        "'hello world, this is a longer key!!', 6645e2dde473946380e19d7245a8f85f",
        "file-0001.txt, c6b80999e8fbb5986ca8e12871ef88d2",
    })
    void matchesJsMurmur3x64(String input, String hex) {
        byte[] in = input.getBytes(StandardCharsets.UTF_8);
        assertThat(HexFormat.of().formatHex(Murmur3.hash128(in))).isEqualTo(hex);
        assertThat(Murmur3.hash64(in)).isEqualTo(Long.parseUnsignedLong(hex.substring(0, 16), 16));
    }
}
