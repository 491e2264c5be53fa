package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link edits checked against the importer: a directory patched link by link has the CID of the same tree imported
 * directly, and Kubo's refusals come with Kubo's messages.
 */
class DagPbLinkEditorTest {
    @TempDir
    Path tmp;

    private final MemoryBlockstore store = new MemoryBlockstore();
    private final DagPbLinkEditor editor = new DagPbLinkEditor(store);
    private Cid empty;

    @BeforeEach
    void emptyDirectory() {
        empty = put(CidPrefix.V0, PbNode.ofData(UnixfsDataCodec.encode(UnixfsData.directory())));
        assertThat(empty).hasToString("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    }

    private Cid put(CidPrefix prefix, PbNode node) {
        Block b = Block.create(prefix, PbCodec.encode(node));
        store.put(b);
        return b.cid();
    }

    private Cid file(String content) throws IOException {
        return new UnixfsImporter(store, ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "f").cid();
    }

    /** The tree {@code files} (relative path to content) imported as Kubo's {@code add -r} does. */
    private Cid imported(Map<String, String> files) throws IOException {
        return new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults()).importPath(dir(files)).cid();
    }

    private Cid stored(DagPbLinkEditor.Edited e) {
        e.blocks().forEach(store::put);
        assertThat(e.blocks().getLast().cid()).isEqualTo(e.root());
        return e.root();
    }

    @Test
    void addedLinksMakeTheDirectoryTheImporterMakes() throws IOException {
        Cid one = stored(editor.addLink(empty, "a.txt", file("alpha"), false, false));
        assertThat(one).isEqualTo(imported(Map.of("a.txt", "alpha")));
        Cid two = stored(editor.addLink(one, "sub/deeper/b.txt", file("beta"), true, false));
        assertThat(two).isEqualTo(imported(Map.of("a.txt", "alpha", "sub/deeper/b.txt", "beta")));
        Cid three = stored(editor.addLink(two, "sub/c.txt", file("gamma"), false, false));
        assertThat(three).isEqualTo(imported(Map.of("a.txt", "alpha", "sub/deeper/b.txt", "beta",
                "sub/c.txt", "gamma")));
        // a link of a name already there replaces it
        Cid replaced = stored(editor.addLink(three, "a.txt", file("ALPHA"), false, false));
        assertThat(replaced).isEqualTo(imported(Map.of("a.txt", "ALPHA", "sub/deeper/b.txt", "beta",
                "sub/c.txt", "gamma")));
        // the nodes off the path are not written again
        assertThat(editor.addLink(three, "z", file("zeta"), false, false).blocks()).hasSize(1);
    }

    @Test
    void removedLinksMakeTheDirectoryTheImporterMakes() throws IOException {
        Map<String, String> all = new LinkedHashMap<>(Map.of("a.txt", "alpha", "sub/b.txt", "beta",
                "sub/deeper/c.txt", "gamma"));
        Cid tree = new UnixfsImporter(store, ImportOptions.kuboDefaults()).importPath(dir(all)).cid();
        Cid less = stored(editor.removeLink(tree, "sub/b.txt", false));
        assertThat(less).isEqualTo(imported(Map.of("a.txt", "alpha", "sub/deeper/c.txt", "gamma")));
        Cid least = stored(editor.removeLink(less, "a.txt", false));
        assertThat(least).isEqualTo(imported(Map.of("sub/deeper/c.txt", "gamma")));
        assertThat(editor.removeLink(least, "sub", false).root()).isEqualTo(empty);
    }

    private Path dir(Map<String, String> files) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "tree");
        for (var e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        return dir;
    }

    @Test
    void eachNodeKeepsItsCidPrefixAndMadeDirectoriesAreCidV0() throws IOException {
        Cid v1 = put(new CidPrefix(1, Multicodec.DAG_PB.code(), Multicodec.SHA2_256.code(), 32),
                PbNode.ofData(UnixfsDataCodec.encode(UnixfsData.directory())));
        DagPbLinkEditor.Edited e = editor.addLink(v1, "x/y", file("why"), true, false);
        assertThat(e.root().version()).isEqualTo(1);
        assertThat(e.root()).isEqualTo(Block.create(CidPrefix.of(v1), PbCodec.encode(
                PbCodec.decode(store.get(stored(editor.addLink(empty, "x/y", file("why"), true, false))).orElseThrow()
                        .data()))).cid());
        PbLink x = PbCodec.decode(e.blocks().getLast().data()).links().getFirst();
        assertThat(x.hash().version()).isZero();
        // the Tsize is the made directory's cumulative size: its block and its link's Tsize
        Block made = e.blocks().getFirst();
        assertThat(x.tsize()).isEqualTo(made.size() + PbCodec.decode(made.data()).links().getFirst().tsize());
    }

    @Test
    void kubosRefusals() throws IOException {
        Cid f = file("alpha");
        assertThatThrownBy(() -> editor.addLink(f, "x", f, false, false)).isInstanceOf(LinkEditException.class)
                .hasMessage("cannot add named links to a UnixFS File node, only Directory nodes support link "
                        + "addition at the dag-pb level (see https://specs.ipfs.tech/unixfs/)");
        Cid bare = put(CidPrefix.V0, new PbNode(List.of(), null));
        assertThatThrownBy(() -> editor.addLink(bare, "x", f, false, false))
                .hasMessage("cannot add named links to a non-UnixFS dag-pb node; pass --allow-non-unixfs to skip "
                        + "validation");
        Cid hamt = put(CidPrefix.V0, PbNode.ofData(UnixfsDataCodec.encode(
                UnixfsData.hamtShard(new byte[0], 0x22, 256))));
        assertThatThrownBy(() -> editor.addLink(hamt, "x", f, false, false))
                .hasMessage("cannot add links to a HAMTShard at the dag-pb level (would corrupt the HAMT bitfield); "
                        + "use 'ipfs files' commands instead, or pass --allow-non-unixfs to override");
        assertThatThrownBy(() -> editor.removeLink(hamt, "x", false))
                .hasMessage("cannot remove links from a HAMTShard at the dag-pb level (would corrupt the HAMT "
                        + "bitfield); use 'ipfs files rm' instead, or pass --allow-non-unixfs to override");
        assertThatThrownBy(() -> editor.removeLink(f, "x", false))
                .hasMessage("cannot remove links from a UnixFS File node, only Directory nodes support link removal "
                        + "at the dag-pb level (see https://specs.ipfs.tech/unixfs/)");
        // with allow-non-unixfs the edit is made at the dag-pb level, as asked
        Cid withLink = stored(editor.addLink(bare, "x", f, false, true));
        assertThat(PbCodec.decode(store.get(withLink).orElseThrow().data()).links()).extracting(PbLink::name)
                .containsExactly("x");
        assertThat(stored(editor.removeLink(withLink, "x", true))).isEqualTo(bare);

        Cid raw = Block.raw(new byte[] {1, 2, 3}).cid();
        store.put(Block.raw(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> editor.addLink(raw, "x", f, false, false)).hasMessage("expected protobuf dag node");
        assertThatThrownBy(() -> editor.removeLink(empty, "missing", false)).hasMessage("no link by that name");
        assertThatThrownBy(() -> editor.removeLink(empty, "a/b", false)).hasMessage("no link by that name");
        assertThatThrownBy(() -> editor.addLink(empty, "a/b", f, false, false)).hasMessage("no link by that name");
        assertThatThrownBy(() -> editor.addLink(empty, "", f, false, false))
                .hasMessage("cannot create link with no name");
        assertThatThrownBy(() -> editor.addLink(empty, "/", f, true, false))
                .hasMessage("cannot create link with no name");
        Cid through = stored(editor.addLink(empty, "r", raw, false, false));
        assertThatThrownBy(() -> editor.addLink(through, "r/x", f, false, false))
                .hasMessage("expected protobuf dag node");
        Cid absent = Block.raw(new byte[] {9}).cid();
        assertThatThrownBy(() -> editor.addLink(empty, "x", absent, false, false))
                .isInstanceOf(BlockNotFoundException.class);
    }
}
