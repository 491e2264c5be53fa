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
    void undecodableAndUnsupportedBlocksAreReportedWithTheirCid() {
        Block badPb = Block.create(1, Multicodec.DAG_PB.code(), HexFormat.of().parseHex("0a000a00"));
        assertThatThrownBy(() -> Links.of(badPb)).isInstanceOf(LinkDecodeException.class)
                .hasMessageContaining(badPb.cid().toString()).hasMessageContaining("duplicate Data")
                .extracting(e -> ((LinkDecodeException) e).cid()).isEqualTo(badPb.cid());
        Block badCbor = Block.create(1, Multicodec.DAG_CBOR.code(), new byte[] {(byte) 0x9f});
        assertThatThrownBy(() -> Links.of(badCbor)).isInstanceOf(LinkDecodeException.class);
        Block json = Block.create(1, Multicodec.DAG_JSON.code(), "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Links.of(json)).isInstanceOf(LinkDecodeException.class)
                .hasMessageContaining("dag-json is not supported");
        assertThat(Links.supports(Multicodec.DAG_JSON.code())).isFalse();
        assertThat(Links.supports(Multicodec.DAG_PB.code())).isTrue();
    }
}
