package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidTest {
    private static final HexFormat HEX = HexFormat.of();

    /** SPECS §24: `hello world\n` added by Kubo with defaults, and its v1 form. */
    @Test
    void v0AndV1OfHelloWorldFile() {
        Cid v0 = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertThat(v0.version()).isZero();
        assertThat(v0.codec()).isEqualTo(0x70);
        assertThat(v0.bytes()).hasSize(34).startsWith(0x12, 0x20);
        assertThat(v0.toString()).isEqualTo("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        Cid v1 = v0.toV1();
        assertThat(v1.toString()).isEqualTo("bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby");
        assertThat(Cid.parse("bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby")).isEqualTo(v1);
        assertThat(v1.toV0()).isEqualTo(v0);
        assertThat(v1).isNotEqualTo(v0);
        assertThat(v1.multihash()).isEqualTo(v0.multihash());
        assertThat(v1.toString(Multibase.BASE58BTC)).startsWith("zdj7W");
        assertThat(Cid.parse(v1.toString(Multibase.BASE58BTC))).isEqualTo(v1);
        assertThat(Cid.parse(v1.toString(Multibase.BASE36))).isEqualTo(v1);
        assertThat(v0.toString(Multibase.BASE58BTC)).isEqualTo(v0.toString());
        assertThatThrownBy(() -> v0.toString(Multibase.BASE32)).isInstanceOf(MultiformatException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "'hello world', bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
        "'', bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
        "'file1\n', bafkreihm3rktn5z33luic3youqdsn326toaq3ekesmdvsa53sbrd3f5r3a",
        "'hello world\n', bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
    })
    void rawLeaves(String content, String expected) {
        byte[] data = content.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.of(1, Multicodec.RAW.code(), data);
        assertThat(cid.toString()).isEqualTo(expected);
        assertThat(Cid.parse(expected)).isEqualTo(cid).hasSameHashCodeAs(cid);
        assertThat(cid.verifies(data)).isTrue();
        assertThat(cid.isIdentity()).isFalse();
        assertThatThrownBy(cid::toV0).isInstanceOf(MultiformatException.class);
    }

    @Test
    void rawTestInBase16() {
        Cid cid = Cid.of(1, Multicodec.RAW.code(), "test".getBytes(StandardCharsets.US_ASCII));
        assertThat(cid.toString(Multibase.BASE16))
            .isEqualTo("f015512209f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(Cid.parse("f015512209f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).isEqualTo(cid);
    }

    @Test
    void identityEmptyIsBafkqaaa() {
        Cid cid = Cid.parse("bafkqaaa");
        assertThat(cid.bytes()).containsExactly(0x01, 0x55, 0x00, 0x00);
        assertThat(cid.isIdentity()).isTrue();
        assertThat(cid.codec()).isEqualTo(Multicodec.RAW.code());
        assertThat(cid.verifies(new byte[0])).isTrue();
        assertThat(cid.verifies(new byte[1])).isFalse();
        assertThat(Cid.v1(Multicodec.RAW.code(), Multihash.identity(new byte[0])).toString()).isEqualTo("bafkqaaa");
    }

    @Test
    void emptyFileAndDirectory() {
        assertThat(Cid.parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH").toV1().toString())
            .isEqualTo("bafybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y");
        assertThat(Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn").toV1().toString())
            .isEqualTo("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
        // the empty directory node is 0a 02 08 01 (unixfs Data{Type: Directory})
        assertThat(Cid.of(0, Multicodec.DAG_PB.code(), HEX.parseHex("0a020801")).toString())
            .isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    }

    @Test
    void cidv18TrapIsRejected() {
        byte[] v0 = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").bytes();
        for (Multibase base : Multibase.values()) {
            if (base == Multibase.IDENTITY) {
                continue; // the CID's bytes are no text
            }
            String text = base.encode(v0);
            assertThatThrownBy(() -> Cid.parse(text)).as(base.name()).isInstanceOf(MultiformatException.class);
        }
    }

    @Test
    void binaryForms() {
        Cid v0 = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertThat(Cid.decode(v0.bytes())).isEqualTo(v0);
        Cid v1 = v0.toV1();
        assertThat(v1.bytes()).startsWith(0x01, 0x70, 0x12, 0x20);
        ByteBuffer buf = ByteBuffer.allocate(v0.bytes().length + v1.bytes().length + 1);
        buf.put(v0.bytes()).put(v1.bytes()).put((byte) 9).flip();
        assertThat(Cid.read(buf)).isEqualTo(v0);
        assertThat(Cid.read(buf)).isEqualTo(v1);
        assertThat(buf.remaining()).isEqualTo(1);
        assertThat(Cid.v1(Multicodec.DAG_JSON.code(), v0.multihash()).bytes()).startsWith(0x01, 0xa9, 0x02);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "00", "01", "0170", "017012", "02701220", "00701220", "1220", // truncated, bad versions
        "12200000", "122000000000000000000000000000000000000000000000000000000000000000", // v0 too short/long
        "015500000a" // trailing bytes
    })
    void rejectsMalformedBinary(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThatThrownBy(() -> Cid.decode(bytes)).isInstanceOf(MultiformatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "Qm", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5oo",
        "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff50", "bafkqaa", "Bafkqaaa", "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mb",
        "zQmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", "1QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"
    })
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> Cid.parse(text)).isInstanceOf(MultiformatException.class);
    }

    @Test
    void constructorsCheckTheirArguments() {
        assertThatThrownBy(() -> Cid.v0(Multihash.identity(new byte[32]))).isInstanceOf(MultiformatException.class);
        assertThatThrownBy(() -> Cid.of(0, Multicodec.RAW.code(), new byte[0])).isInstanceOf(MultiformatException.class);
        assertThatThrownBy(() -> Cid.of(2, Multicodec.RAW.code(), new byte[0])).isInstanceOf(MultiformatException.class);
        assertThat(Cid.of(0, Multicodec.DAG_PB.code(), new byte[0]).version()).isZero();
    }
}
