package dev.ferry.policy.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.request.RequestFixtures;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.MemoryBlockstore;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateContentTest {
    @TempDir
    Path dir;

    final MemoryBlockstore store = new MemoryBlockstore();
    final List<Block> dag = RequestFixtures.tree("private", 2, 3);
    final Cid root = RequestFixtures.store(store, dag);

    Path file() {
        return dir.resolve("private-content");
    }

    @Test
    void markedDagsSurviveAReopen() throws Exception {
        PrivateContent pc = PrivateContent.open(file());
        assertThat(pc.markPrivate(root, store)).isEqualTo(dag.size());

        PrivateContent again = PrivateContent.open(file());
        assertThat(again.roots()).containsExactly(root);
        for (Block b : dag) {
            assertThat(again.isPrivate(b.cid())).isTrue();
        }
        assertThat(again.isPrivate(Block.raw(new byte[] {9}).cid())).isFalse();
        assertThat(again.blockCount()).isEqualTo(dag.size());
    }

    @Test
    void cidV0AndV1OfTheSameBytesAgree() throws Exception {
        PrivateContent pc = PrivateContent.open(file());
        pc.markPrivate(root, store);
        Cid v0 = root.toV0();
        assertThat(pc.isPrivate(v0)).isTrue();
        assertThat(pc.isPrivate(Cid.v1(0x55, root.multihash()))).isTrue(); // the same bytes as raw
        assertThat(PrivateContent.open(file()).isPrivate(v0)).isTrue();
    }

    @Test
    void unmarkKeepsBlocksThatAnotherPrivateDagHolds() throws Exception {
        Block shared = dag.get(1); // a leaf
        Block other = RequestFixtures.tree("other", 1, 1).getFirst();
        Block otherRoot = Block.create(1, 0x70, dev.ferry.dag.pb.PbCodec.encode(new dev.ferry.dag.pb.PbNode(
                List.of(dev.ferry.dag.pb.PbLink.of(shared.cid(), "s", shared.size())), new byte[] {1})));
        store.put(otherRoot);
        PrivateContent pc = PrivateContent.open(file());
        pc.markPrivate(root, store);
        pc.markPrivate(otherRoot.cid(), store);

        assertThat(pc.unmark(root, store)).isTrue();
        assertThat(pc.isPrivate(root)).isFalse();
        assertThat(pc.isPrivate(dag.get(2).cid())).isFalse();
        assertThat(pc.isPrivate(shared.cid())).isTrue();
        assertThat(pc.unmark(root)).isFalse();
        assertThat(PrivateContent.open(file()).isPrivate(shared.cid())).isTrue();
        assertThat(PrivateContent.open(file()).isPrivate(root)).isFalse();
        assertThat(other).isNotNull();
    }

    @Test
    void anIncompleteDagIsRefusedAndNothingChanges() throws Exception {
        PrivateContent pc = PrivateContent.open(file());
        store.delete(dag.getLast().cid());
        assertThatThrownBy(() -> pc.markPrivate(root, store)).isInstanceOf(BlockNotFoundException.class);
        assertThat(pc.isPrivate(root)).isFalse();
        assertThat(Files.exists(file())).isFalse();
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndState() throws Exception {
        PrivateContent pc = PrivateContent.open(file());
        pc.markPrivate(root, store);
        byte[] before = Files.readAllBytes(file());
        Files.createDirectory(dir.resolve("private-content.tmp")); // the temp file cannot be written
        Block other = Block.raw("public".getBytes(StandardCharsets.UTF_8));
        store.put(other);

        assertThatThrownBy(() -> pc.markPrivate(other.cid(), store)).isInstanceOf(UncheckedIOException.class);
        assertThat(pc.isPrivate(other.cid())).isFalse();
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void aTornTempFileIsIgnoredAndATruncatedFileIsRefused() throws Exception {
        PrivateContent pc = PrivateContent.open(file());
        pc.markPrivate(root, store);
        byte[] good = Files.readAllBytes(file());
        // a crash while writing the next version: a partial temp file next to the intact old one
        Files.write(dir.resolve("private-content.tmp"), java.util.Arrays.copyOf(good, good.length / 2));
        PrivateContent reopened = PrivateContent.open(file());
        assertThat(reopened.roots()).containsExactly(root);
        assertThat(Files.exists(dir.resolve("private-content.tmp"))).isFalse();

        // a file cut short by something else (a copy) is refused, not read as a smaller set
        for (int cut : List.of(good.length - 1, good.length / 2, 10)) {
            Files.write(file(), java.util.Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> PrivateContent.open(file())).as("cut at " + cut)
                    .isInstanceOf(PrivateContentException.class);
        }
        Files.writeString(file(), "ferry-private-content v1\nroot " + root + "\nend 1 5\n");
        assertThatThrownBy(() -> PrivateContent.open(file())).isInstanceOf(PrivateContentException.class);
        Files.writeString(file(), "something else\n");
        assertThatThrownBy(() -> PrivateContent.open(file())).isInstanceOf(PrivateContentException.class);
    }

    @Test
    void anEmptySetIsWrittenAndRead() throws Exception {
        PrivateContent pc = PrivateContent.open(file());
        pc.markPrivate(root, store);
        pc.unmark(root);
        assertThat(Files.readString(file())).isEqualTo("ferry-private-content v1\nend 0 0\n");
        assertThat(PrivateContent.open(file()).roots()).isEmpty();
    }
}
