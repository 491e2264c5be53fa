package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the trickle shape the way boxo's VerifyTrickleDagStructure does: the first maxLinks children of every
 * internal node are leaves (Type=Raw dag-pb, or raw blocks), child i after them is a subtree of depth
 * {@code (i - maxLinks) / 4 + 1}, and no subtree is deeper than its parent allows.
 */
class TrickleLayoutTest {
    private static final int MAX_LINKS = 3;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 15, 16, 50, 123, 400, 1000})
    void shapeMatchesBoxoVerifier(int chunks) throws IOException {
        for (boolean raw : new boolean[] {false, true}) {
            byte[] content = new byte[chunks * 10];
            new Random(chunks).nextBytes(content);
            MemoryBlockstore store = new MemoryBlockstore();
            Cid root = new UnixfsImporter(store, ImportOptions.kuboDefaults().withTrickle(true).withChunkSize(10)
                    .withMaxLinks(MAX_LINKS).withRawLeaves(raw))
                    .importStream(new ByteArrayInputStream(content), "f").cid();
            assertThat(verify(store, root, -1, raw)).isEqualTo(chunks);
            assertThat(new UnixfsExporter(store).cat(root).readAllBytes()).isEqualTo(content);
        }
    }

    /** Returns the number of leaves under the node. */
    private static int verify(MemoryBlockstore store, Cid cid, int depth, boolean raw) {
        byte[] block = store.get(cid).orElseThrow().data();
        if (depth == 0) {
            if (raw) {
                assertThat(cid.codec()).isEqualTo(0x55L);
            } else {
                PbNode leaf = PbCodec.decode(block);
                assertThat(leaf.links()).isEmpty();
                assertThat(UnixfsDataCodec.decode(leaf.data()).type()).isEqualTo(UnixfsType.RAW);
            }
            return 1;
        }
        PbNode node = PbCodec.decode(block);
        UnixfsData d = UnixfsDataCodec.decode(node.data());
        assertThat(d.type()).isEqualTo(UnixfsType.FILE);
        assertThat(d.data()).isNull();
        int leaves = 0;
        for (int i = 0; i < node.links().size(); i++) {
            int childDepth = i < MAX_LINKS ? 0 : (i - MAX_LINKS) / 4 + 1;
            if (depth > 0) {
                assertThat(childDepth).as("child too deep").isLessThan(depth);
            }
            leaves += verify(store, node.links().get(i).hash(), childDepth, raw);
        }
        return leaves;
    }
}
