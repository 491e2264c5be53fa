package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnixfsExporterTest {
    private final Random random = new Random(7);

    static Stream<Arguments> layouts() {
        ImportOptions k = ImportOptions.kuboDefaults();
        return Stream.of(
                Arguments.of("balanced v0", k.withChunkSize(1024), 0),
                Arguments.of("balanced v0", k.withChunkSize(1024), 1),
                Arguments.of("balanced v0", k.withChunkSize(1024), 1024),
                Arguments.of("balanced v0", k.withChunkSize(1024), 174 * 1024 + 1),
                Arguments.of("balanced v0 3 levels", k.withChunkSize(1024).withMaxLinks(4), 100_000),
                Arguments.of("balanced v1 raw", k.withCidVersion(1).withChunkSize(1000), 250_007),
                Arguments.of("balanced v0 raw leaves", k.withRawLeaves(true).withChunkSize(4096), 300_000),
                Arguments.of("trickle v0", k.withTrickle(true).withChunkSize(512), 0),
                Arguments.of("trickle v0", k.withTrickle(true).withChunkSize(512), 700),
                Arguments.of("trickle v0 deep", k.withTrickle(true).withChunkSize(256).withMaxLinks(3), 200_000),
                Arguments.of("trickle v1 raw", k.withTrickle(true).withCidVersion(1).withChunkSize(300), 174 * 300 * 6),
                Arguments.of("default", k, 1_000_000));
    }

    @ParameterizedTest(name = "{0} {2} bytes")
    @MethodSource("layouts")
    void catReturnsWhatWasImported(String name, ImportOptions options, int size) throws IOException {
        byte[] content = new byte[size];
        random.nextBytes(content);
        MemoryBlockstore store = new MemoryBlockstore();
        Cid cid = new UnixfsImporter(store, options).importStream(new ByteArrayInputStream(content), "f").cid();
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThat(ex.size(cid)).isEqualTo(size);
        try (InputStream in = ex.cat(cid)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        for (int i = 0; i < 40; i++) {
            int off = size == 0 ? 0 : random.nextInt(size + 10);
            int len = random.nextInt(5) == 0 ? -1 : random.nextInt(Math.max(1, size / 3) + 5);
            byte[] expected = Arrays.copyOfRange(content, Math.min(off, size),
                    len < 0 ? size : (int) Math.min(size, (long) off + len));
            if (off > size) {
                expected = new byte[0];
            }
            try (InputStream in = ex.cat(cid, off, len)) {
                assertThat(in.readAllBytes()).as("offset %d length %d", off, len).isEqualTo(expected);
            }
        }
        // byte-at-a-time reads agree with bulk reads
        try (InputStream in = ex.cat(cid, size / 2, 300)) {
            for (int i = size / 2; i < Math.min(size, size / 2 + 300); i++) {
                assertThat(in.read()).isEqualTo(content[i] & 0xFF);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void seekingSkipsLeavesWithoutFetchingThem() throws IOException {
        CountingBlockstore store = new CountingBlockstore();
        byte[] content = new byte[174 * 1024 * 3];
        random.nextBytes(content);
        Cid cid = new UnixfsImporter(store, ImportOptions.kuboDefaults().withChunkSize(1024))
                .importStream(new ByteArrayInputStream(content), "f").cid();
        store.gets.set(0);
        try (InputStream in = new UnixfsExporter(store).cat(cid, content.length - 1500, 1000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, content.length - 1500,
                    content.length - 500));
        }
        // root, the last level-1 node, and the two leaves holding the range
        assertThat(store.gets.get()).isEqualTo(4);
    }

    @Test
    void identityAndRawBlocks() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        UnixfsExporter ex = new UnixfsExporter(store);
        try (InputStream in = ex.cat(Cid.parse("bafkqaaa"))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        Block raw = Block.raw("test".getBytes());
        store.put(raw);
        try (InputStream in = ex.cat(raw.cid(), 1, 2)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("es");
        }
    }

    @Test
    void missingBlockNamesTheCid() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        byte[] content = new byte[5000];
        random.nextBytes(content); // distinct leaves
        Cid cid = new UnixfsImporter(store, ImportOptions.kuboDefaults().withChunkSize(1000))
                .importStream(new ByteArrayInputStream(content), "f").cid();
        Cid leaf = PbCodec.decode(store.get(cid).orElseThrow().data()).links().get(2).hash();
        store.delete(leaf);
        UnixfsExporter ex = new UnixfsExporter(store);
        try (InputStream in = ex.cat(cid, 0, 1000)) {
            assertThat(in.readAllBytes()).hasSize(1000); // the missing leaf is not needed
        }
        assertThatThrownBy(() -> ex.cat(cid).readAllBytes())
                .isInstanceOf(BlockNotFoundException.class).hasMessageContaining(leaf.toString());
        Cid absent = Cid.of(0, Multicodec.DAG_PB.code(), new byte[] {1});
        assertThatThrownBy(() -> ex.ls(absent)).isInstanceOf(BlockNotFoundException.class)
                .hasMessageContaining(absent.toString());
    }

    /** ipfs/specs unixfs.md invalid fixtures: dag-pb blocks that are not UnixFS. */
    @ParameterizedTest
    @ValueSource(strings = {
        "", // empty node, no Data
        "0a050001020304", // Data is not a UnixFS protobuf
        "0a00", // empty Data: no Type
        "0a03010203",
        "12240a2212207521fe19c374a97759226dc5c0c8e674e73950e81b211f7dd3b6b30883a08a51", // link, no data
        "0a0408061800", // unknown type 6
        "0a0408031800", // Metadata: not supported
    })
    void notUnixfsIsRejected(String hex) {
        MemoryBlockstore store = new MemoryBlockstore();
        Block b = Block.create(1, Multicodec.DAG_PB.code(), HexFormat.of().parseHex(hex));
        store.put(b);
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThatThrownBy(() -> ex.cat(b.cid())).isInstanceOf(UnixfsException.class);
        assertThatThrownBy(() -> ex.ls(b.cid())).isInstanceOf(UnixfsException.class);
    }

    @Test
    void badDagPbAndOtherCodecsAreUnixfsErrors() {
        MemoryBlockstore store = new MemoryBlockstore();
        Block bad = Block.create(1, Multicodec.DAG_PB.code(), HexFormat.of().parseHex("0a0408"));
        Block cbor = Block.create(1, Multicodec.DAG_CBOR.code(), HexFormat.of().parseHex("a0"));
        store.put(bad);
        store.put(cbor);
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThatThrownBy(() -> ex.cat(bad.cid())).isInstanceOf(UnixfsException.class);
        assertThatThrownBy(() -> ex.cat(cbor.cid())).isInstanceOf(UnixfsException.class);
    }

    @Test
    void inconsistentSizesAreRejected() {
        MemoryBlockstore store = new MemoryBlockstore();
        Block leaf = Block.raw(new byte[10]);
        store.put(leaf);
        // blocksizes says 11 but the raw leaf holds 10
        Block liar = pb(store, List.of(PbLink.of(leaf.cid(), "", 10)), UnixfsData.fileNode(List.of(11L)));
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThatThrownBy(() -> ex.cat(liar.cid()).readAllBytes()).isInstanceOf(UnixfsException.class);
        // filesize disagrees with blocksizes
        Block bad = pb(store, List.of(PbLink.of(leaf.cid(), "", 10)),
                new UnixfsData(UnixfsType.FILE, null, 9L, List.of(10L), null, null, null, null));
        assertThatThrownBy(() -> ex.cat(bad.cid())).isInstanceOf(UnixfsException.class);
        // links without blocksizes
        Block missing = pb(store, List.of(PbLink.of(leaf.cid(), "", 10)),
                new UnixfsData(UnixfsType.FILE, null, 0L, List.of(), null, null, null, null));
        assertThatThrownBy(() -> ex.cat(missing.cid())).isInstanceOf(UnixfsException.class);
        // the twin that is right
        Block good = pb(store, List.of(PbLink.of(leaf.cid(), "", 10)), UnixfsData.fileNode(List.of(10L)));
        assertThat(ex.size(good.cid())).isEqualTo(10);
    }

    @Test
    void directoriesListResolveAndExport(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("a/b/c"));
        Files.createDirectories(src.resolve("empty"));
        Files.writeString(src.resolve("a/b/c/deep.txt"), "deep\n");
        Files.writeString(src.resolve("ünï 日本"), "unicode");
        byte[] big = new byte[700_000];
        random.nextBytes(big);
        Files.write(src.resolve("a/big.bin"), big);
        Files.createSymbolicLink(src.resolve("link"), Path.of("a/b/c/deep.txt"));
        MemoryBlockstore store = new MemoryBlockstore();
        Cid root = new UnixfsImporter(store, ImportOptions.kuboDefaults()).importPath(src).cid();
        UnixfsExporter ex = new UnixfsExporter(store);

        List<UnixfsEntry> ls = ex.ls(root);
        assertThat(ls).extracting(UnixfsEntry::name).containsExactly("a", "empty", "link", "ünï 日本");
        assertThat(ls).extracting(UnixfsEntry::type).containsExactly(UnixfsType.DIRECTORY, UnixfsType.DIRECTORY,
                UnixfsType.SYMLINK, UnixfsType.FILE);
        assertThat(ls.get(3).size()).isEqualTo(7);
        assertThat(ls.get(2).size()).isEqualTo("a/b/c/deep.txt".length());

        Cid deep = ex.resolve(root, "a/b/c/deep.txt");
        assertThat(new String(ex.cat(deep).readAllBytes())).isEqualTo("deep\n");
        assertThat(ex.resolve(root, "/a//b/")).isEqualTo(ex.resolve(ex.resolve(root, "a"), "b"));
        assertThat(ex.resolve(root, "")).isEqualTo(root);
        assertThatThrownBy(() -> ex.resolve(root, "a/nope")).isInstanceOf(UnixfsPathException.class);
        assertThatThrownBy(() -> ex.resolve(root, "a/big.bin/x")).isInstanceOf(UnixfsPathException.class);
        assertThat(ex.readSymlink(ex.resolve(root, "link"))).isEqualTo("a/b/c/deep.txt");
        assertThatThrownBy(() -> ex.cat(root)).isInstanceOf(UnixfsException.class);

        Path out = tmp.resolve("out");
        ex.get(root, out);
        assertThat(Files.readString(out.resolve("a/b/c/deep.txt"))).isEqualTo("deep\n");
        assertThat(Files.readAllBytes(out.resolve("a/big.bin"))).isEqualTo(big);
        assertThat(Files.readString(out.resolve("ünï 日本"))).isEqualTo("unicode");
        assertThat(Files.isDirectory(out.resolve("empty"))).isTrue();
        assertThat(Files.isSymbolicLink(out.resolve("link"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("a/b/c/deep.txt"));
        // re-importing the export gives the same root
        assertThat(new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true)).importPath(out).cid())
                .isEqualTo(root);
        assertThatThrownBy(() -> ex.get(root, out)).isInstanceOf(IOException.class); // target exists
    }

    @Test
    void hamtDirectories(@TempDir Path tmp) throws IOException {
        Path src = Files.createDirectory(tmp.resolve("many"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            String n = "entry-" + i;
            names.add(n);
            Files.writeString(src.resolve(n), n);
        }
        Files.createDirectories(src.resolve("subdir/inner"));
        Files.writeString(src.resolve("subdir/inner/x"), "x");
        names.add("subdir");
        CountingBlockstore store = new CountingBlockstore();
        Cid root = new UnixfsImporter(store, ImportOptions.kuboDefaults()).importPath(src).cid();
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThat(ex.type(root)).isEqualTo(UnixfsType.HAMT_SHARD);
        UnixfsData rootData = UnixfsDataCodec.decode(PbCodec.decode(store.get(root).orElseThrow().data()).data());
        assertThat(rootData.fanout()).isEqualTo(256L);
        assertThat(rootData.hashType()).isEqualTo(0x22L);
        assertThat(rootData.data()).hasSize(32); // 6001 names fill every slot

        List<UnixfsEntry> ls = ex.ls(root);
        assertThat(ls).extracting(UnixfsEntry::name).containsExactlyInAnyOrderElementsOf(names);
        for (String n : List.of("entry-0", "entry-4242", "entry-5999")) {
            Cid c = ex.resolve(root, n);
            assertThat(new String(ex.cat(c).readAllBytes())).isEqualTo(n);
        }
        store.gets.set(0);
        assertThat(new String(ex.cat(ex.resolve(root, "subdir/inner/x")).readAllBytes())).isEqualTo("x");
        assertThat(store.gets.get()).isLessThanOrEqualTo(8); // a shard path, not a scan
        assertThatThrownBy(() -> ex.resolve(root, "entry-6000")).isInstanceOf(UnixfsPathException.class);

        Path out = tmp.resolve("out");
        ex.get(root, out);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(6001);
        }
        assertThat(Files.readString(out.resolve("entry-77"))).isEqualTo("entry-77");
        assertThat(Files.readString(out.resolve("subdir/inner/x"))).isEqualTo("x");
        assertThat(new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true)).importPath(out).cid())
                .isEqualTo(root);
    }

    @Test
    void shardBelowAndAboveThreshold(@TempDir Path tmp) throws IOException {
        // 10 entries with 1-byte names: estimate 10 * (1 + 34) = 350 bytes
        Path src = Files.createDirectory(tmp.resolve("d"));
        for (int i = 0; i < 10; i++) {
            Files.writeString(src.resolve(Integer.toString(i)), "v" + i);
        }
        MemoryBlockstore store = new MemoryBlockstore();
        Cid flat = new UnixfsImporter(store, ImportOptions.kuboDefaults().withShardThresholdBytes(350))
                .importPath(src).cid();
        Cid sharded = new UnixfsImporter(store, ImportOptions.kuboDefaults().withShardThresholdBytes(349))
                .importPath(src).cid();
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThat(ex.type(flat)).isEqualTo(UnixfsType.DIRECTORY);
        assertThat(ex.type(sharded)).isEqualTo(UnixfsType.HAMT_SHARD);
        assertThat(ex.ls(sharded)).extracting(UnixfsEntry::name)
                .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        // link names: two upper-case hex digits, then the name; bitfield minimal big-endian
        PbNode node = PbCodec.decode(store.get(sharded).orElseThrow().data());
        assertThat(node.links()).allSatisfy(l -> assertThat(l.name()).matches("[0-9A-F]{2}.*"));
        for (PbLink l : node.links()) {
            int slot = Integer.parseInt(l.name().substring(0, 2), 16);
            if (l.name().length() > 2) {
                long h = Murmur3.hash64(l.name().substring(2).getBytes());
                assertThat(slot).isEqualTo((int) (h >>> 56));
            }
        }
        for (int i = 0; i < 10; i++) {
            assertThat(new String(ex.cat(ex.resolve(sharded, Integer.toString(i))).readAllBytes()))
                    .isEqualTo("v" + i);
        }
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void directoryOfDirectoriesTooBigForOneBlockIsSharded(@TempDir Path tmp) throws IOException {
        // non-empty subdirectories do not count in the js estimate; 9000 links of ~240 bytes exceed a 2 MiB block
        Path src = Files.createDirectory(tmp.resolve("d"));
        Files.createDirectories(src.resolve("template"));
        MemoryBlockstore store = new MemoryBlockstore();
        UnixfsImporter importer = new UnixfsImporter(store, ImportOptions.kuboDefaults());
        Path small = Files.createDirectory(tmp.resolve("small"));
        for (int i = 0; i < 20; i++) {
            Files.createDirectories(small.resolve("sub-" + i + "/x"));
        }
        assertThat(new UnixfsExporter(store).type(importer.importPath(small).cid())).isEqualTo(UnixfsType.DIRECTORY);
        String pad = "n".repeat(190);
        for (int i = 0; i < 9000; i++) {
            Files.createDirectories(src.resolve(String.format("%s-%06d/x", pad, i)));
        }
        Cid root = importer.importPath(src).cid();
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThat(ex.type(root)).isEqualTo(UnixfsType.HAMT_SHARD);
        assertThat(ex.ls(root)).hasSize(9001);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "nul\0byte", ""})
    void getRefusesUnsafeNames(String evil, @TempDir Path tmp) {
        MemoryBlockstore store = new MemoryBlockstore();
        Block file = Block.raw("pwned".getBytes());
        store.put(file);
        Block dir = pb(store, List.of(PbLink.of(file.cid(), "ok", 5), PbLink.of(file.cid(), evil, 5))
                .stream().sorted(PbLink.NAME_ORDER).toList(), UnixfsData.directory());
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> new UnixfsExporter(store).get(dir.cid(), out)).isInstanceOf(UnixfsException.class);
        assertThat(out).doesNotExist();
        assertThat(tmp.resolve("b")).doesNotExist();
    }

    @Test
    void getRefusesDuplicateNames(@TempDir Path tmp) {
        MemoryBlockstore store = new MemoryBlockstore();
        Block file = Block.raw("x".getBytes());
        store.put(file);
        Block dir = pb(store, List.of(PbLink.of(file.cid(), "same", 1), PbLink.of(file.cid(), "same", 1)),
                UnixfsData.directory());
        assertThatThrownBy(() -> new UnixfsExporter(store).get(dir.cid(), tmp.resolve("out")))
                .isInstanceOf(UnixfsException.class);
    }

    @Test
    void brokenShardsAreRejected() {
        MemoryBlockstore store = new MemoryBlockstore();
        Block file = Block.raw("x".getBytes());
        store.put(file);
        int slot = (int) (Murmur3.hash64("name".getBytes()) >>> 56);
        String prefix = String.format("%02X", slot);
        byte[] bits = new byte[slot / 8 + 1];
        bits[0] = (byte) (1 << (slot % 8));
        UnixfsExporter ex = new UnixfsExporter(store);
        Block good = pb(store, List.of(PbLink.of(file.cid(), prefix + "name", 1)),
                UnixfsData.hamtShard(bits, 0x22, 256));
        assertThat(ex.resolve(good.cid(), "name")).isEqualTo(file.cid());
        // wrong hash function
        Block badHash = pb(store, List.of(PbLink.of(file.cid(), prefix + "name", 1)),
                UnixfsData.hamtShard(bits, 0x12, 256));
        assertThatThrownBy(() -> ex.ls(badHash.cid())).isInstanceOf(UnixfsException.class);
        // fanout not a power of two
        Block badFanout = pb(store, List.of(PbLink.of(file.cid(), prefix + "name", 1)),
                UnixfsData.hamtShard(bits, 0x22, 200));
        assertThatThrownBy(() -> ex.ls(badFanout.cid())).isInstanceOf(UnixfsException.class);
        // bitfield without the slot
        Block badBits = pb(store, List.of(PbLink.of(file.cid(), prefix + "name", 1)),
                UnixfsData.hamtShard(new byte[] {0}, 0x22, 256));
        assertThatThrownBy(() -> ex.ls(badBits.cid())).isInstanceOf(UnixfsException.class);
        // lower-case prefix
        Block lower = pb(store, List.of(PbLink.of(file.cid(), prefix.toLowerCase() + "name", 1)),
                UnixfsData.hamtShard(bits, 0x22, 256));
        if (!prefix.equals(prefix.toLowerCase())) {
            assertThatThrownBy(() -> ex.ls(lower.cid())).isInstanceOf(UnixfsException.class);
        }
    }

    private static Block pb(MemoryBlockstore store, List<PbLink> links, UnixfsData data) {
        Block b = Block.create(0, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(links,
                UnixfsDataCodec.encode(data))));
        store.put(b);
        return b;
    }
}
