package dev.ferry.dag.pb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PbCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long DAG_PB = Multicodec.DAG_PB.code();

    static Stream<Arguments> crossCodecFixtures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = PbCodecTest.class.getResourceAsStream("/vectors/dag/dag-pb-cross-codec.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|");
                String hex = f[1].strip();
                out.add(Arguments.of(f[0].strip(), hex.equals("-") ? new byte[0] : HEX.parseHex(hex), f[2].strip()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossCodecFixtures")
    void crossCodecFixturesDecodeAndReencodeToTheSameBytes(String name, byte[] block, String cid) {
        assertThat(Cid.of(1, DAG_PB, block).toString()).isEqualTo(cid);
        PbNode node = PbCodec.decode(block);
        assertThat(PbCodec.encode(node)).isEqualTo(block);
    }

    @Test
    void fixtureFieldsDecodeAsExpected() {
        PbNode twoLinks = PbCodec.decode(HEX.parseHex("12340a2212208ab7a6c5e74737878ac73863cb76739d15d4666de44e5756bf55a2f9e9"
                + "ab5f431209736f6d65206c696e6b1880c2d72f12370a2212208ab7a6c5e74737878ac73863cb76739d15d4666de44e5756bf55a2f9e"
                + "9ab5f44120f736f6d65206f74686572206c696e6b18080a09736f6d652064617461"));
        assertThat(twoLinks.links()).extracting(PbLink::name).containsExactly("some link", "some other link");
        assertThat(twoLinks.links()).extracting(PbLink::tsize).containsExactly(100000000L, 8L);
        assertThat(twoLinks.links().get(0).hash().version()).isZero();
        assertThat(twoLinks.data()).asString().isEqualTo("some data");

        PbNode tsize = PbCodec.decode(HEX.parseHex("12140a0901550005000102030418ffffffffffffff0f"));
        assertThat(tsize.links().get(0).tsize()).isEqualTo((1L << 53) - 1);
        assertThat(tsize.links().get(0).name()).isNull();
        assertThat(tsize.links().get(0).hash().isIdentity()).isTrue();
        assertThat(tsize.data()).isNull();

        assertThat(PbCodec.decode(HEX.parseHex("120d0a090155000500010203041200")).links().get(0).name()).isEmpty();
        assertThat(PbCodec.decode(HEX.parseHex("0a00")).data()).isEmpty();
    }

    @Test
    void emptyNodeIsTheZeroLengthBlock() {
        PbNode empty = new PbNode(List.of(), null);
        byte[] block = PbCodec.encode(empty);
        assertThat(block).isEmpty();
        assertThat(Cid.of(0, DAG_PB, block).toString()).isEqualTo("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
        assertThat(Cid.of(1, DAG_PB, block).toString())
                .isEqualTo("bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(PbCodec.decode(new byte[0])).isEqualTo(empty);
    }

    @Test
    void unixfsEmptyFileAndEmptyDirectory() {
        byte[] file = PbCodec.encode(PbNode.ofData(HEX.parseHex("08021800")));
        assertThat(HEX.formatHex(file)).isEqualTo("0a0408021800");
        assertThat(Cid.of(0, DAG_PB, file).toString()).isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");

        byte[] dir = PbCodec.encode(PbNode.ofData(HEX.parseHex("0801")));
        assertThat(HEX.formatHex(dir)).isEqualTo("0a020801");
        assertThat(Cid.of(0, DAG_PB, dir).toString()).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    }

    @Test
    void unixfsSmallFiles() {
        assertThat(fileLeaf("hello world\n").toString()).isEqualTo("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertThat(fileLeaf("Hello Worlds!\n").toString()).isEqualTo("QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH");
        assertThat(fileLeaf("x").toString()).isEqualTo("QmULKig5Fxrs2sC4qt9nNduucXfb92AFYQ6Hi3YRqDmrYC");
    }

    @Test
    void unixfsDirectoryTreeFromKuboSharness() {
        // dir {hey: "Hey\n", hello/{world: "World\n"}}: links sorted by name, Tsize = block size + child Tsizes
        byte[] hey = leafBlock("Hey\n");
        byte[] world = leafBlock("World\n");
        byte[] hello = PbCodec.encode(new PbNode(List.of(
                PbLink.of(Cid.of(0, DAG_PB, world), "world", world.length)), HEX.parseHex("0801")));
        byte[] root = PbCodec.encode(new PbNode(List.of(
                PbLink.of(Cid.of(0, DAG_PB, hey), "hey", hey.length),
                PbLink.of(Cid.of(0, DAG_PB, hello), "hello", hello.length + world.length)), HEX.parseHex("0801"))
                .sortedLinks());
        assertThat(Cid.of(0, DAG_PB, root).toString()).isEqualTo("QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1");
        assertThat(PbCodec.decode(root).links()).extracting(PbLink::name).containsExactly("hello", "hey");
    }

    @Test
    void twoChunkFileFromSolidityIpfsHashVectors() {
        // zeros x 262145 with Kubo defaults: two leaves (262144 + 1 bytes) under a root with empty-named links
        byte[] leaf1 = PbCodec.encode(PbNode.ofData(unixfsFile(new byte[262144], 262144)));
        byte[] leaf2 = PbCodec.encode(PbNode.ofData(unixfsFile(new byte[1], 1)));
        java.io.ByteArrayOutputStream rootData = new java.io.ByteArrayOutputStream();
        rootData.writeBytes(HEX.parseHex("0802")); // Type = File
        rootData.write(0x18);
        rootData.writeBytes(dev.ferry.multiformats.Varint.encode(262145)); // filesize
        rootData.write(0x20);
        rootData.writeBytes(dev.ferry.multiformats.Varint.encode(262144)); // blocksizes[0]
        rootData.writeBytes(HEX.parseHex("2001")); // blocksizes[1]
        byte[] root = PbCodec.encode(new PbNode(List.of(
                PbLink.of(Cid.of(0, DAG_PB, leaf1), "", leaf1.length),
                PbLink.of(Cid.of(0, DAG_PB, leaf2), "", leaf2.length)), rootData.toByteArray()));
        assertThat(Cid.of(0, DAG_PB, root).toString()).isEqualTo("QmbVuw4C4vcmVKqxoWtgDVobvcHrSn51qsmQmyxjk4sB2Q");
        assertThat(Cid.of(0, DAG_PB, leaf1).toString()).isEqualTo("QmRk1rduJvo5DfEYAaLobS2za9tDszk35hzaNSDCJ74DA7");
        PbNode decoded = PbCodec.decode(root);
        assertThat(decoded.links()).extracting(PbLink::name).containsExactly("", "");
        assertThat(decoded.links()).extracting(PbLink::tsize).containsExactly((long) leaf1.length, (long) leaf2.length);
    }

    private static byte[] unixfsFile(byte[] content, long size) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(HEX.parseHex("0802"));
        out.write(0x12);
        out.writeBytes(dev.ferry.multiformats.Varint.encode(content.length));
        out.writeBytes(content);
        out.write(0x18);
        out.writeBytes(dev.ferry.multiformats.Varint.encode(size));
        return out.toByteArray();
    }

    @Test
    void dataBeforeLinksIsAcceptedAndReencodedLinksFirst() {
        byte[] legacy = HEX.parseHex("0a020801" + "120b0a09015500050001020304" + "120e0a09015500050001020304120161");
        PbNode node = PbCodec.decode(legacy);
        assertThat(node.links()).hasSize(2);
        assertThat(HEX.formatHex(PbCodec.encode(node)))
                .isEqualTo("120b0a09015500050001020304" + "120e0a09015500050001020304120161" + "0a020801");
    }

    @Test
    void decodingKeepsLinkOrderAndSortingIsStableByNameBytes() {
        Cid a = Cid.parse("bafkqaaa");
        PbNode node = new PbNode(List.of(new PbLink(a, "b", 1L), new PbLink(a, null, 2L), new PbLink(a, "a", 3L),
                new PbLink(a, "", 4L), new PbLink(a, "\u00e9", 5L), new PbLink(a, "z", 6L)), null);
        assertThat(PbCodec.decode(PbCodec.encode(node))).isEqualTo(node);
        assertThat(node.sortedLinks().links()).extracting(PbLink::tsize).containsExactly(2L, 4L, 3L, 1L, 6L, 5L);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            0a00 0a00                                                       | duplicate Data
            120b0a09015500050001020304 0a00 120b0a09015500050001020304      | Links after Data that followed Links
            1a00                                                            | unknown field 3
            0200                                                            | unknown field 0
            0801                                                            | wire type 0, expected 2
            1001                                                            | wire type 0, expected 2
            0b                                                              | wire type 3, expected 2
            0a050001                                                        | exceeds the 2 bytes left
            0a                                                              | truncated varint
            0a80                                                            | truncated varint
            0a8000                                                          | non-minimal varint
            0affffffffffffffffff01                                          | varint too large
            1200                                                            | missing Hash
            12031201 61                                                     | missing Hash
            12050a03010203                                                  | Hash is not a CID
            120c0a0a015500050001020304ff                                    | Hash is not a CID
            12101203626172 0a09015500050001020304                           | Hash after Name or Tsize
            120f0a09015500050001020304 1801 1200                            | Name after Tsize
            12160a09015500050001020304 0a09015500050001020304               | duplicate Hash
            120f0a09015500050001020304 1200 1200                            | duplicate Name
            120f0a09015500050001020304 1801 1801                            | duplicate Tsize
            120e0a09015500050001020304 1a0101                               | wire type 2, expected 0
            12020801                                                        | wire type 0, expected 2
            120f0a09015500050001020304 1a0101                               | exceeds
            120d0a09015500050001020304 2000                                 | unknown field 4
            120e0a09015500050001020304 1201ff                               | not valid UTF-8
            12160a09015500050001020304 18ffffffffffffffffff01               | varint too large
            12200a09015500050001020304                                      | exceeds the 11 bytes left
            """)
    void invalidBlocksAreRejected(String hex, String reason) {
        byte[] block = HEX.parseHex(hex.replace(" ", ""));
        assertThatThrownBy(() -> PbCodec.decode(block)).isInstanceOf(DagPbException.class).hasMessageContaining(reason);
    }

    @Test
    void blocksAboveTheCapAreRejectedBothWays() {
        byte[] big = new byte[PbCodec.MAX_BLOCK_SIZE];
        assertThatThrownBy(() -> PbCodec.encode(PbNode.ofData(big))).isInstanceOf(DagPbException.class);
        byte[] block = new byte[PbCodec.MAX_BLOCK_SIZE + 1];
        assertThatThrownBy(() -> PbCodec.decode(block)).isInstanceOf(DagPbException.class)
                .hasMessageContaining("exceeds the dag-pb cap");
        // the twin: the largest data that still fits encodes and decodes
        byte[] fits = new byte[PbCodec.MAX_BLOCK_SIZE - 1 - 3];
        byte[] encoded = PbCodec.encode(PbNode.ofData(fits));
        assertThat(encoded.length).isEqualTo(PbCodec.MAX_BLOCK_SIZE);
        assertThat(PbCodec.decode(encoded).data()).hasSize(fits.length);
    }

    private static byte[] leafBlock(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        // UnixFS Data{Type=File(2), Data=bytes, filesize=len}; content here is < 128 bytes, so lengths are one byte
        byte[] unixfs = new byte[2 + 2 + bytes.length + 2];
        unixfs[0] = 0x08;
        unixfs[1] = 0x02;
        unixfs[2] = 0x12;
        unixfs[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, unixfs, 4, bytes.length);
        unixfs[4 + bytes.length] = 0x18;
        unixfs[5 + bytes.length] = (byte) bytes.length;
        return PbCodec.encode(PbNode.ofData(unixfs));
    }

    private static Cid fileLeaf(String content) {
        return Cid.of(0, DAG_PB, leafBlock(content));
    }
}
