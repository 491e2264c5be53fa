package dev.ferry.dag.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LinksTest {

    @Test
    void dagPbLinksInOrderWithDuplicates() {
        TestDags.Sample s = TestDags.sample("x");
        assertThat(Links.of(s.root())).containsExactly(s.a().cid(), s.b().cid(), s.a().cid(), s.id().cid());
    }

    @Test
    void dagCborLinks() {
        TestDags.Sample s = TestDags.sample("x");
        assertThat(Links.of(s.b())).containsExactly(s.leaf2().cid(), s.leaf3().cid());
    }

    @Test
    void rawHasNoLinks() {
        assertThat(Links.of(TestDags.raw("hello"))).isEmpty();
        assertThat(Links.of(Block.create(1, Multicodec.DAG_PB.code(), new byte[0]))).isEmpty();
    }

    @Test
    void identityBlocksAreDecodedFromTheirInlinedBytes() {
        Block leaf = TestDags.raw("inlined child");
        Block id = TestDags.identityPb(leaf.cid());
        assertThat(id.cid().isIdentity()).isTrue();
        assertThat(Links.of(id)).containsExactly(leaf.cid());
        assertThat(Links.of(new Block(Cid.parse("bafkqaaa"), new byte[0]))).isEmpty();
    }

    @Test
    void dagJsonLinksAreObjectsWithTheSingleKeySlash() {
        Cid a = TestDags.raw("a").cid();
        Cid b = Cid.parse("QmRgutAxd8t7oGkSm4wmeuByG6M51wcTso6cubDdQtuEfL");
        String json = "{\"bytes\":{\"/\":{\"bytes\":\"AAE\"}},\"n\":[1,-2.5e3,true,null,\"\\u002f\\n\"],"
                + "\"x\":{\"/\":\"" + a + "\"}, \"y\" : [ {\"/\" : \"" + b + "\"}, {\"/\":\"" + a + "\",\"z\":1} ]}";
        Block block = Block.create(1, Multicodec.DAG_JSON.code(), json.getBytes(StandardCharsets.UTF_8));
        assertThat(Links.of(block)).containsExactly(a, b);
        assertThat(Links.supports(Multicodec.DAG_JSON.code())).isTrue();
        for (String bad : new String[] {"{", "[1,]", "{\"a\" 1}", "01", "\"\\x\"", "{\"/\":\"notacid\"}", "1 2", "tru"}) {
            Block b2 = Block.create(1, Multicodec.DAG_JSON.code(), bad.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> Links.of(b2)).as(bad).isInstanceOf(LinkDecodeException.class)
                    .hasMessageContaining("dag-json");
        }
    }

    @Test
    void undecodableAndUnsupportedBlocksAreReportedWithTheirCid() {
        Block badPb = Block.create(1, Multicodec.DAG_PB.code(), HexFormat.of().parseHex("0a000a00"));
        assertThatThrownBy(() -> Links.of(badPb)).isInstanceOf(LinkDecodeException.class)
                .hasMessageContaining(badPb.cid().toString()).hasMessageContaining("duplicate Data")
                .extracting(e -> ((LinkDecodeException) e).cid()).isEqualTo(badPb.cid());
        Block badCbor = Block.create(1, Multicodec.DAG_CBOR.code(), new byte[] {(byte) 0x9f});
        assertThatThrownBy(() -> Links.of(badCbor)).isInstanceOf(LinkDecodeException.class);
        Block gitRaw = Block.create(1, 0x78, "blob 0\0".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Links.of(gitRaw)).isInstanceOf(LinkDecodeException.class)
                .hasMessageContaining("codec 0x78 is not supported").hasMessageContaining(gitRaw.cid().toString());
        assertThat(Links.supports(0x78)).isFalse();
        assertThat(Links.supports(Multicodec.DAG_PB.code())).isTrue();
    }
}
