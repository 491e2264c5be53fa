package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidPrefixTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void knownAnswers() {
        Cid raw = Cid.v1(Multicodec.RAW.code(), Multihash.sha256(HELLO));
        assertThat(HEX.formatHex(CidPrefix.V0.encode())).isEqualTo("00701220");
        assertThat(HEX.formatHex(CidPrefix.of(raw).encode())).isEqualTo("01551220");
        assertThat(CidPrefix.decode(HEX.parseHex("01551220")).cidOf(HELLO)).isEqualTo(raw);
        Cid v0 = CidPrefix.decode(HEX.parseHex("00701220")).cidOf(HELLO);
        assertThat(v0.version()).isZero();
        assertThat(v0.multihash()).isEqualTo(Multihash.sha256(HELLO));
        assertThat(CidPrefix.of(raw).matches(raw)).isTrue();
        assertThat(CidPrefix.V0.matches(raw)).isFalse();
    }

    @Test
    void rejectsMalformed() {
        for (String bad : List.of("", "015512", "0155122000", "02551220", "00551220", "0080", "ffffffffffffffffffff",
                "015512ff01")) {
            assertThatThrownBy(() -> CidPrefix.decode(HEX.parseHex(bad))).as(bad)
                    .isInstanceOf(MultiformatException.class);
        }
        // well-formed prefixes with a function IPFS refuses decode but cannot rebuild a CID
        for (String refused : List.of("01551114", "01558f2220", "01551210", "0155d50110", "0155b20110")) {
            CidPrefix p = CidPrefix.decode(HEX.parseHex(refused));
            assertThat(p.rebuildable()).as(refused).isFalse();
            assertThatThrownBy(() -> p.cidOf(HELLO)).as(refused).isInstanceOf(MultiformatException.class);
        }
        assertThatThrownBy(() -> CidPrefix.decode(HEX.parseHex("01551114")).cidOf(HELLO))
                .hasMessageContaining(HashFunction.INSECURE).hasMessageContaining("sha1");
        assertThatThrownBy(() -> CidPrefix.decode(HEX.parseHex("01551210")).cidOf(HELLO))
                .hasMessage("hashes must be at least 20 bytes long");
    }

    @Test
    void rebuildsWithThePrefixFunction() {
        // sha2-512, sha3-256, blake2b-256 (0xb220 as varint a0e402), blake3, and a truncated sha2-256
        for (String hex : List.of("01551340", "01551620", "0155a0e40220", "01551e20", "01551214")) {
            CidPrefix p = CidPrefix.decode(HEX.parseHex(hex));
            assertThat(p.rebuildable()).as(hex).isTrue();
            Cid cid = p.cidOf(HELLO);
            assertThat(CidPrefix.of(cid)).isEqualTo(p);
            assertThat(cid.verifies(HELLO)).isTrue();
            assertThat(cid.multihash()).isEqualTo(HashFunction.byCode(p.hashFunction()).orElseThrow()
                    .hash(HELLO, p.digestLength()));
        }
        // blake3 gives longer digests too (extendable output): its first 32 bytes are the default digest
        Cid long64 = CidPrefix.decode(HEX.parseHex("01551e40")).cidOf(HELLO);
        assertThat(java.util.Arrays.copyOf(long64.multihash().digest(), 32))
                .isEqualTo(HashFunction.BLAKE3.hash(HELLO).digest());
    }
}
