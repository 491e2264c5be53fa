package dev.ferry.dag.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborBool;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborFloat;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborNull;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DagCborTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> crossCodecFixtures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = DagCborTest.class.getResourceAsStream("/vectors/dag/dag-cbor-cross-codec.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|");
                out.add(Arguments.of(f[0].strip(), HEX.parseHex(f[1].strip()), f[2].strip(),
                        Integer.parseInt(f[3].strip())));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossCodecFixtures")
    void crossCodecFixturesDecodeAndReencode(String name, byte[] block, String cid, int linkCount) {
        assertThat(Cid.of(1, Multicodec.DAG_CBOR.code(), block).toString()).isEqualTo(cid);
        CborValue value = DagCbor.decode(block);
        assertThat(DagCbor.encode(value)).isEqualTo(block);
        assertThat(DagCbor.links(block)).hasSize(linkCount);
    }

    @Test
    void mixedArrayDecodesToTheExpectedValues() {
        CborArray a = (CborArray) DagCbor.decode(HEX.parseHex("8c1b0016db6db6db6db71a000100001901f40200202238ff3aa5f702b3"
                + "3b0016db6db6db6db74261316fc48c6175657320c39f76c49b746521"));
        assertThat(a.items()).containsExactly(CborInteger.of(6433713753386423L), CborInteger.of(65536),
                CborInteger.of(500), CborInteger.of(2), CborInteger.of(0), CborInteger.of(-1), CborInteger.of(-3),
                CborInteger.of(-256), CborInteger.of(-2784428724L), CborInteger.of(-6433713753386424L),
                new CborBytes("a1".getBytes(StandardCharsets.UTF_8)), new CborText("Čaues ßvěte!"));
    }

    @Test
    void carHeaderVectorFromSpecs() {
        byte[] header = HEX.parseHex("a265726f6f747381d82a4500015500006776657273696f6e01");
        Map<String, CborValue> entries = new LinkedHashMap<>();
        entries.put("version", CborInteger.of(1));
        entries.put("roots", new CborArray(List.of(new CborLink(Cid.parse("bafkqaaa")))));
        assertThat(DagCbor.encode(new CborMap(entries))).isEqualTo(header);
        CborMap decoded = (CborMap) DagCbor.decode(header);
        assertThat(decoded.entries().keySet()).containsExactly("roots", "version");
        assertThat(decoded).isEqualTo(new CborMap(entries));
        assertThat(DagCbor.links(header)).containsExactly(Cid.parse("bafkqaaa"));
    }

    @Test
    void everyKindRoundTrips() {
        Map<String, CborValue> m = new LinkedHashMap<>();
        m.put("zz", new CborFloat(1.5));
        m.put("a", new CborBool(true));
        m.put("b", new CborBool(false));
        m.put("nil", new CborNull());
        m.put("big", new CborInteger(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
        m.put("neg", new CborInteger(BigInteger.ONE.shiftLeft(64).negate()));
        m.put("link", new CborLink(Cid.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n")));
        m.put("list", new CborArray(List.of(new CborText(""), new CborBytes(new byte[0]), new CborFloat(-0.0))));
        CborMap map = new CborMap(m);
        byte[] bytes = DagCbor.encode(map);
        CborMap back = (CborMap) DagCbor.decode(bytes);
        assertThat(back).isEqualTo(map);
        assertThat(back.entries().keySet()).containsExactly("a", "b", "zz", "big", "neg", "nil", "link", "list");
        assertThat(HEX.formatHex(DagCbor.encode(new CborFloat(1.5)))).isEqualTo("fb3ff8000000000000");
        assertThat(HEX.formatHex(DagCbor.encode(CborInteger.of(-1)))).isEqualTo("20");
        assertThat(HEX.formatHex(DagCbor.encode(CborInteger.of(24)))).isEqualTo("1818");
    }

    @Test
    void linksAreFoundInNestedMapsAndArraysInOrder() {
        Cid a = Cid.of(1, Multicodec.RAW.code(), new byte[] {1});
        Cid b = Cid.of(1, Multicodec.DAG_CBOR.code(), new byte[] {2});
        Map<String, CborValue> inner = new LinkedHashMap<>();
        inner.put("x", new CborLink(b));
        Map<String, CborValue> outer = new LinkedHashMap<>();
        outer.put("a", new CborArray(List.of(new CborLink(a), new CborMap(inner))));
        outer.put("bb", new CborLink(a));
        assertThat(DagCbor.links(DagCbor.encode(new CborMap(outer)))).containsExactly(a, b, a);
    }

    @Test
    void blockMadeByGoIpfsDagPut() {
        // {"foo": {"/": "QmRgutAxd8t7oGkSm4wmeuByG6M51wcTso6cubDdQtuEfL"}} through `ipfs dag put` (libipld's test)
        byte[] block = HEX.parseHex("a163666f6fd82a582300122031c3d57080d8463a3c63b2923df5a1d40ad7a73eae5a14af584213e5f50"
                + "4ac33");
        assertThat(Cid.of(1, Multicodec.DAG_CBOR.code(), block).toString())
                .isEqualTo("bafyreibvjvcv745gig4mvqs4hctx4zfkono4rjejm2ta6gtyzkqxfjeily");
        assertThat(DagCbor.links(block)).containsExactly(Cid.parse("QmRgutAxd8t7oGkSm4wmeuByG6M51wcTso6cubDdQtuEfL"));
        assertThat(DagCbor.encode(DagCbor.decode(block))).isEqualTo(block);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            d9002a582500015512205891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 | non-minimal head
            a163666f6fd82a582301122031c3d57080d8463a3c63b2923df5a1d40ad7a73eae5a14af584213e5f504ac33 | must start with 0x00
            a163666f6fd82a5800           | non-minimal head
            a163666f6fd82a40             | must start with 0x00
            1817                         | non-minimal head
            190017                       | non-minimal head
            5f4101ff                     | indefinite-length
            9f01ff                       | indefinite-length
            1c                           | reserved additional information
            a2616201616101               | not in canonical order
            a2616101616101               | duplicate map key
            a2626262016161               | not in canonical order
            a10101                       | keys must be text strings
            c101                         | only tag 42
            d82a4100                     | invalid CID
            d82a420155                   | must start with 0x00
            d82a01                       | does not wrap a byte string
            f7                           | simple value 23
            f820                         | simple value 24
            f93c00                       | not 64-bit
            fa3fc00000                   | not 64-bit
            fb7ff8000000000000           | NaN or infinity
            fb7ff0000000000000           | NaN or infinity
            62c328                       | not valid UTF-8
            0101                         | trailing bytes
            45010203                     | truncated
            83010203ff                   | trailing bytes
            9b0000000100000000           | cannot fit
            bb7fffffffffffffff           | cannot fit
            5bffffffffffffffff00         | truncated
            1b000000                     | truncated
            ""                           | truncated
            """)
    void invalidInputIsRejected(String hex, String reason) {
        byte[] bytes = HEX.parseHex(hex.replace("\"", ""));
        assertThatThrownBy(() -> DagCbor.decode(bytes)).isInstanceOf(DagCborException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void nestingDepthIsCapped() {
        byte[] deep = new byte[DagCbor.MAX_DEPTH + 2];
        java.util.Arrays.fill(deep, (byte) 0x81);
        deep[deep.length - 1] = 0x01;
        assertThatThrownBy(() -> DagCbor.decode(deep)).isInstanceOf(DagCborException.class)
                .hasMessageContaining("nesting deeper");
        // the twin: exactly at the cap still decodes
        byte[] ok = new byte[DagCbor.MAX_DEPTH + 1];
        java.util.Arrays.fill(ok, (byte) 0x81);
        ok[ok.length - 1] = 0x01;
        assertThat(DagCbor.encode(DagCbor.decode(ok))).isEqualTo(ok);
    }
}
