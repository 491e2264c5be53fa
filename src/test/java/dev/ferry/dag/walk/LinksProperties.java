package dev.ferry.dag.walk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class LinksProperties {

    @Property(tries = 1500)
    void arbitraryBytesUnderEveryCodecThrowOnlyLinkDecodeException(@ForAll @Size(max = 100) byte[] data) {
        for (Multicodec codec : new Multicodec[] {Multicodec.DAG_PB, Multicodec.DAG_CBOR, Multicodec.DAG_JSON,
            Multicodec.RAW}) {
            linksOrLinkDecodeException(Block.create(1, codec.code(), data));
        }
    }

    @Property(tries = 1500)
    void jsonLikeTextThrowsOnlyLinkDecodeException(
            @ForAll @StringLength(max = 60) @Chars({'{', '}', '[', ']', '"', ':', ',', '/', '\\', 'u', '1', '-', 'e',
                '.', ' ', 't', 'r', 'n', 'b', 'a'}) String text) {
        linksOrLinkDecodeException(Block.create(1, Multicodec.DAG_JSON.code(), text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void linksOrLinkDecodeException(Block block) {
        try {
            assertThat(Links.of(block)).doesNotContainNull();
        } catch (LinkDecodeException e) {
            assertThat(e.cid()).isEqualTo(block.cid());
        }
    }
}
