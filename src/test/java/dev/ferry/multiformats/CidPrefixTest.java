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
        // a well-formed prefix with another hash decodes but cannot rebuild a CID
        CidPrefix sha512 = CidPrefix.decode(HEX.parseHex("01551340"));
        assertThat(sha512.rebuildable()).isFalse();
        assertThatThrownBy(() -> sha512.cidOf(HELLO)).isInstanceOf(MultiformatException.class);
    }
}
