package dev.ferry.dag.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsEntry;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathResolverTest {
    @TempDir
    Path tmp;

    private static Block cbor(Map<String, dev.ferry.dag.cbor.CborValue> m) {
        return Block.create(1, Multicodec.DAG_CBOR.code(), DagCbor.encode(new CborMap(m)));
    }

    @Test
    void shardedDirectoriesByEntryName() throws Exception {
        Path dir = tmp.resolve("many");
        Files.createDirectories(dir);
        for (int i = 0; i < 60; i++) {
            Files.writeString(dir.resolve("file-" + i + ".txt"), "content " + i);
        }
        MemoryBlockstore store = new MemoryBlockstore();
        // every directory sharded, with a small fanout so that the names spread over sub-shards
        Cid root = new UnixfsImporter(store, ImportOptions.kuboDefaults().withShardThresholdBytes(0).withShardFanout(8))
                .importPath(dir).cid();
        UnixfsExporter exporter = new UnixfsExporter(store);
        assertThat(exporter.type(root)).isEqualTo(UnixfsType.HAMT_SHARD);
        List<UnixfsEntry> entries = exporter.ls(root);
        assertThat(entries).hasSize(60);
        PathResolver resolver = new PathResolver(store);
        for (UnixfsEntry e : entries) {
            assertThat(resolver.resolve(root, List.of(e.name()))).isEqualTo(new ResolvedPath(e.cid(), List.of()));
        }
        assertThatThrownBy(() -> resolver.resolve(root, List.of("file-60.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no link named \"file-60.txt\" under " + root);
        // below a file there are no names
        Cid file = entries.getFirst().cid();
        assertThatThrownBy(() -> resolver.resolve(root, List.of(entries.getFirst().name(), "x")))
                .hasMessage("no link named \"x\" under " + file);
    }

    @Test
    void plainDagPbByLinkName() {
        MemoryBlockstore store = new MemoryBlockstore();
        Block leaf = TestDags.raw("leaf");
        Block other = TestDags.raw("other");
        // no UnixFS data: the links' names are the path, the first of a name wins
        Block node = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(List.of(
                PbLink.of(leaf.cid(), "kid", 4), PbLink.of(other.cid(), "kid", 5), new PbLink(other.cid(), null, null)),
                null)));
        store.put(node);
        PathResolver resolver = new PathResolver(store);
        assertThat(resolver.resolve(node.cid(), List.of("kid")).cid()).isEqualTo(leaf.cid());
        assertThatThrownBy(() -> resolver.resolve(node.cid(), List.of("nope")))
                .hasMessage("no link named \"nope\" under " + node.cid());
        // the leaf is raw: nothing below it, even before it is read
        assertThatThrownBy(() -> resolver.resolve(node.cid(), List.of("kid", "x")))
                .hasMessage("no link named \"x\" under " + leaf.cid());
    }

    @Test
    void dagCborValuesAndLinks() {
        MemoryBlockstore store = new MemoryBlockstore();
        Block target = cbor(Map.of("k", CborInteger.of(7)));
        // a block whose whole value is a link stands for the block it names
        Block pointer = Block.create(1, Multicodec.DAG_CBOR.code(), DagCbor.encode(new CborLink(target.cid())));
        Block top = cbor(Map.of("p", new CborLink(pointer.cid()), "m", new CborMap(Map.of("x", CborInteger.of(1)))));
        store.putAll(List.of(target, pointer, top));
        PathResolver resolver = new PathResolver(store);
        assertThat(resolver.resolve(top.cid(), List.of("p"))).isEqualTo(new ResolvedPath(pointer.cid(), List.of()));
        assertThat(resolver.resolve(top.cid(), List.of("p", "k"))).isEqualTo(new ResolvedPath(target.cid(), List.of("k")));
        assertThat(resolver.resolve(top.cid(), List.of("m", "x")))
                .isEqualTo(new ResolvedPath(top.cid(), List.of("m", "x")));
        assertThat(resolver.resolve(top.cid(), List.of("m", "x")).remPath()).isEqualTo("/m/x");
        assertThat(resolver.resolve(top.cid(), List.of()).remPath()).isEmpty();
    }

    @Test
    void blocksAreReadOnlyAsFarAsThePathNeeds() {
        MemoryBlockstore store = new MemoryBlockstore();
        Block missing = TestDags.cbor("not stored");
        Block top = cbor(Map.of("gone", new CborLink(missing.cid())));
        store.put(top);
        PathResolver resolver = new PathResolver(store);
        assertThat(resolver.resolve(missing.cid(), List.of()).cid()).isEqualTo(missing.cid());
        assertThat(resolver.resolve(top.cid(), List.of("gone")).cid()).isEqualTo(missing.cid());
        assertThatThrownBy(() -> resolver.resolve(top.cid(), List.of("gone", "name")))
                .isInstanceOf(MissingBlockException.class).hasMessageContaining(missing.cid().toString());
    }

    @Test
    void cidTextFollowsTheCidInThePath() {
        Cid v0 = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        Cid v1 = TestDags.raw("x").cid();
        String base36 = v1.toString(Multibase.BASE36);
        assertThat(ResolvedPath.cidText(v0, "/ipfs/" + v0 + "/a")).isEqualTo(v0.toString());
        assertThat(ResolvedPath.cidText(v1, v0 + "/a")).isEqualTo(v1.toString());
        assertThat(ResolvedPath.cidText(v0, "/ipfs/" + v1 + "/a")).isEqualTo(v0.toV1().toString());
        assertThat(ResolvedPath.cidText(v0, base36)).isEqualTo(v0.toV1().toString(Multibase.BASE36));
        assertThat(ResolvedPath.cidText(v0, "/ipns/example.com/a")).isEqualTo(v0.toString());
        // a two-char prefix: the base is the whole rocket's, not its first half's
        assertThat(ResolvedPath.cidText(v0, "/ipfs/" + v1.toString(Multibase.BASE256_EMOJI) + "/a"))
                .isEqualTo(v0.toV1().toString(Multibase.BASE256_EMOJI));
        assertThat(new ResolvedPath(v0, List.of("a")).ipfsPath("/ipns/" + base36 + "/a")).isEqualTo("/ipfs/" + v0 + "/a");
        assertThat(ResolvedPath.segments("/a//b/")).containsExactly("a", "b");
    }
}
