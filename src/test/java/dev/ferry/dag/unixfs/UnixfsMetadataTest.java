package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UnixFS 1.5 metadata on import. Known answers from Kubo's own test of {@code ipfs add --mode/--mtime/--preserve-*}
 * (ipfs/kubo test/sharness/t0047-add-mode-mtime.sh: empty files, a symlink, an empty directory and a small tree,
 * CIDv0 defaults), plus the placement rules (file roots only, directories, root shards) checked block by block.
 */
class UnixfsMetadataTest {
    private static final long CUSTOM_MTIME = 1603539720;
    private static final long PRESERVE_MTIME = 1604320482;
    private static final long DIR_TIME = 1655158632;

    @TempDir
    Path tmp;

    private static ImportOptions with(MetadataOptions m) {
        return ImportOptions.kuboDefaults().withMetadata(m).withOnlyHash(true);
    }

    private static MetadataOptions custom(Long mode, Long mtime, Long nsecs) {
        return MetadataOptions.of(mode, mtime, nsecs, false, false);
    }

    private static String add(Path p, MetadataOptions m) throws IOException {
        return new UnixfsImporter(null, with(m)).importPath(p).cid().toString();
    }

    private Path emptyFile(String name) throws IOException {
        return Files.createFile(tmp.resolve(name));
    }

    private static void mtime(Path p, long secs) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(Instant.ofEpochSecond(secs)), null, null);
    }

    private static void chmod(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    @Test
    void customModeAndMtimeOnAnEmptyFileGiveKubosCids() throws IOException {
        Path f = emptyFile("test.txt");
        chmod(f, "rw-------");
        assertThat(add(f, MetadataOptions.NONE)).isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
        assertThat(add(f, custom(0764L, null, null))).isEqualTo("QmchD3BN8TQ3RW6jPLxSaNkqvfuj7syKhzTRmL4EpyY1Nz");
        assertThat(add(f, custom(null, CUSTOM_MTIME, null)))
                .isEqualTo("QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B");
        assertThat(add(f, custom(null, CUSTOM_MTIME, 54321L)))
                .isEqualTo("QmaKH8H5rXBUBCX4vdxi7ktGQEL7wejV7L9rX2qpZjwncz");
        assertThat(add(f, custom(0764L, CUSTOM_MTIME, 54321L)))
                .isEqualTo("QmUkxrtBA8tPjwCYz1HrsoRfDz6NgKut3asVeHVQNH4C8L");
    }

    @Test
    void preservedModeAndMtimeOfAnEmptyFileGiveKubosCids() throws IOException {
        Path f = emptyFile("test.txt");
        chmod(f, "rw-r-----");
        mtime(f, PRESERVE_MTIME);
        assertThat(add(f, MetadataOptions.of(null, null, null, true, false)))
                .isEqualTo("QmQLgxypSNGNFTuUPGCecq6dDEjb6hNB5xSyVmP3cEuNtq");
        assertThat(add(f, MetadataOptions.of(null, null, null, false, true)))
                .isEqualTo("QmQ6kErEW8kztQFV8vbwNU8E4dmtGsYpRiboiLxUEwibvj");
        assertThat(add(f, MetadataOptions.of(null, null, null, true, true)))
                .isEqualTo("QmYkvboLsvLFcSYmqVJRxvBdYRQLroLv9kELf3LRiCqBri");
        // preserved values win over custom ones (Kubo's adder overwrites the custom value)
        assertThat(add(f, MetadataOptions.of(0777L, 12345L, null, true, true)))
                .isEqualTo("QmYkvboLsvLFcSYmqVJRxvBdYRQLroLv9kELf3LRiCqBri");
    }

    @Test
    void symlinksGetATimeButNeverAMode() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("linkfile"), Path.of("nothing"));
        mtime(link, PRESERVE_MTIME);
        assertThat(add(link, MetadataOptions.of(null, null, null, true, true)))
                .isEqualTo("QmbJwotgtr84JxcnjpwJ86uZiyMoxbZuNH4YrdJMypkYaB");
        assertThat(add(link, custom(null, CUSTOM_MTIME, null)))
                .isEqualTo("QmV1Uot2gy4bhY9yvYiZxhhchhyYC6MKKoGV1XtWNmpCLe");
        assertThat(add(link, custom(0764L, CUSTOM_MTIME, 54321L)))
                .isEqualTo("QmPHYCxYvvHj6VxiPNJ3kXxcPsnJLDYUJqsDJWjvytmrmY");
    }

    @Test
    void anEmptyDirectoryGetsKubosCids() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("dir1"));
        chmod(d, "rwxr-xr-x");
        mtime(d, DIR_TIME + 90);
        assertThat(add(d, MetadataOptions.NONE)).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        // the default 0755 is stored (js ipfs-unixfs would drop it)
        assertThat(add(d, MetadataOptions.of(null, null, null, true, false)))
                .isEqualTo("QmRviohgafvCsbkiTgfQFipbuXJ6k1YtoiaQW4quttJPKu");
        assertThat(add(d, MetadataOptions.of(null, null, null, false, true)))
                .isEqualTo("QmYMy7CZGb498QFSQBF5ZFwv1FYbrAtYZMe4VxhDXxAcvf");
        assertThat(add(d, custom(0713L, null, null))).isEqualTo("QmQ1ABnw2iip7sj23EzzBZ9T77KyyfESP6SUboiXPyzNQe");
        assertThat(add(d, custom(null, CUSTOM_MTIME, null)))
                .isEqualTo("QmfWitW6F13WHFXLbJzXRYmwrS1p4gaAJAfucUSMytRPn3");
        assertThat(add(d, custom(null, CUSTOM_MTIME, 54321L)))
                .isEqualTo("QmZFdCLJay31hT3Tx1LygJ7XfiLEs3qLCXtbeBfhf38aZg");
    }

    /** Kubo's tree: every entry's CID (sorted, as the test compares them) for preserved and custom metadata. */
    @Test
    void aTreeGetsKubosCidsForEveryEntry() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("tree"));
        Files.createDirectories(root.resolve("dir2/sub1/sub2"));
        Files.createDirectories(root.resolve("dir1"));
        Files.createDirectories(root.resolve("dir3"));
        Path file3 = Files.createFile(root.resolve("dir2/sub1/sub2/file3"));
        Path link1 = Files.createSymbolicLink(root.resolve("dir2/sub1/link1"), Path.of("../sub2/file3"));
        Path file2 = Files.createFile(root.resolve("dir3/file2"));
        Path file1 = Files.createFile(root.resolve("file1"));
        for (Path f : List.of(file1, file2, file3)) {
            chmod(f, "rw-r--r--");
        }
        for (String dir : List.of("dir1", "dir2", "dir2/sub1", "dir2/sub1/sub2", "dir3")) {
            chmod(root.resolve(dir), "rwxr-xr-x");
        }
        chmod(root, "rwx------");
        mtime(file3, DIR_TIME + 10);
        mtime(link1, DIR_TIME + 20);
        mtime(root.resolve("dir2/sub1/sub2"), DIR_TIME + 30);
        mtime(root.resolve("dir2/sub1"), DIR_TIME + 40);
        mtime(root.resolve("dir2"), DIR_TIME + 50);
        mtime(file2, DIR_TIME + 60);
        mtime(root.resolve("dir3"), DIR_TIME + 70);
        mtime(file1, DIR_TIME + 80);
        mtime(root.resolve("dir1"), DIR_TIME + 90);
        mtime(root, DIR_TIME);

        assertThat(allCids(root, MetadataOptions.of(null, null, null, true, true))).containsExactly(
                "QmRCG3Pprg4jbhfYBzVzfJVyneFHnBquPGXwvXU3jSuf5j", "QmReHCn4BSJJdtd6Le8Hd8Puai6TmgpPCYb13wyM7FD9AD",
                "QmSioyvQuXetxg7uo8FswGn9XKKEsisDq1HTMzGyWbw2R6", "QmTMoVgJKhPrz9DfkvT132mxyBXNae5azXQ42WbM9abdSE",
                "QmVzXqpuQGCAgRwEbGuE9xe8Fidi1HEXaPKsQEFEbPJW9j", "QmW6Nqy2nziduAp3UGx2a52gtSUsYzhVcZMuPdxBRnwCyP",
                "QmeQwX5qAX18fcPDxDdkfM6ttuFCZetF5hgeUa6ov8D5oc", "QmefofUNwC2U3Xp87rB1x8Aws6AdsDuoXR7B9u2RkEZ4dQ",
                "Qmeu24TFarJwLzJgMTDYDJTr4BMGnzafoSnfxov1513abW", "Qmf82bbFg2e8HmcqiewutVVw5NoMpiXZD57LpLdC1poBuH");
        assertThat(allCids(root, custom(0753L, null, null))).containsExactly(
                "QmNZ5cyx3f6maXkczwhh3ufjDCh9f3k9zrDhX218ZZGvoV", "QmRqtFVLkXfWJuqWtYiCPthgomo3gouno8uvMeGAyCVaWS",
                "QmSkrWNcyDA7s1qiT6Ps7ey4zcB7uBH3sqGcKRfW4UMKhM", "QmSkrWNcyDA7s1qiT6Ps7ey4zcB7uBH3sqGcKRfW4UMKhM",
                "QmSkrWNcyDA7s1qiT6Ps7ey4zcB7uBH3sqGcKRfW4UMKhM", "QmZNAZXB6JyJ1cK9h1uJEK4XDo1CKsSuHMPGUUMrzDXCQz",
                "QmbSz6GyS8MNR4M9xtCteuGVJQRYkCXLbW174Fdy8jtaoZ", "QmccnAQQeJGtmtgZoi3hpEmgdxbuX1ao2hQmrKmmwQnCn9",
                "QmeTZoiAiduFY2hXaNQP4ehiE71BrQFEnrqduBZ5ZjHuFy", "Qmf13KNurvAHUfMBhMWvZuftmUikhhGY7ohWVaBDDndFMz");
        assertThat(allCids(root, custom(null, CUSTOM_MTIME, null))).containsExactly(
                "QmPCGFZ8ZFowAwfWdCeGsr9wSbGXwZiHW3bZ7XSYcc1Zby", "QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B",
                "QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B", "QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B",
                "QmUGMu9epCEz5HMsuJFgpJxxt3HoahsTQcC65Jje6LNqYF", "QmXhzoPKuqmkqbyr4kJFznFRXtGwriCXKGFPr4vviyK3aV",
                "QmZ5wKCcL11TckypuDTKLLNFP6JMCBJRCn385XKQQ6PCLt", "Qmdw3hiAxn6R5MRkkdzLdFvZUa2WJeLCTXXCyB8byFsHSA",
                "QmedF4m2Y8341azfkpvaHSkxbSrZa4fo6FT25h6sRUVkpq", "QmfWitW6F13WHFXLbJzXRYmwrS1p4gaAJAfucUSMytRPn3");
    }

    private static List<String> allCids(Path root, MetadataOptions m) throws IOException {
        List<String> cids = new ArrayList<>();
        new UnixfsImporter(null, with(m), (cid, path, size) -> cids.add(cid.toString()), n -> { })
                .importPath(root);
        cids.sort(null);
        return cids;
    }

    @Test
    void theDefaultFileMode0644IsStoredExplicitly() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportOptions o = ImportOptions.kuboDefaults().withMetadata(custom(0644L, null, null));
        Cid root = new UnixfsImporter(store, o).importStream(text("hello"), "").cid();
        UnixfsData d = data(store, root);
        assertThat(d.mode()).isEqualTo(0644L);
        assertThat(d.mtime()).isNull();
        assertThat(d.data()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aOneChunkFileCarriesTheMetadataOnItsOnlyNodeWithItsData() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportOptions o = ImportOptions.kuboDefaults().withMetadata(custom(0755L, -5L, 7L));
        Cid root = new UnixfsImporter(store, o).importStream(text("one chunk"), "").cid();
        UnixfsData d = data(store, root);
        assertThat(PbCodec.decode(store.get(root).orElseThrow().data()).links()).isEmpty();
        assertThat(d.type()).isEqualTo(UnixfsType.FILE);
        assertThat(d.data()).isEqualTo("one chunk".getBytes(StandardCharsets.UTF_8));
        assertThat(d.filesize()).isEqualTo(9L);
        assertThat(d.mode()).isEqualTo(0755L);
        assertThat(d.mtime()).isEqualTo(new UnixTime(-5, 7));
    }

    @Test
    void balancedAndTrickleFilesCarryTheMetadataOnTheRootOnly() throws IOException {
        byte[] content = new byte[40 * 100 + 17];
        new Random(47).nextBytes(content);
        UnixfsMetadata meta = new UnixfsMetadata(0700L, new UnixTime(1_600_000_000L, 5));
        for (boolean trickle : List.of(false, true)) {
            MemoryBlockstore store = new MemoryBlockstore();
            ImportOptions o = ImportOptions.kuboDefaults().withChunkSize(100).withMaxLinks(3).withTrickle(trickle)
                    .withMetadata(new MetadataOptions(meta, false, false));
            Cid root = new UnixfsImporter(store, o).importStream(new ByteArrayInputStream(content), "").cid();
            UnixfsData r = data(store, root);
            assertThat(r.mode()).isEqualTo(0700L);
            assertThat(r.mtime()).isEqualTo(new UnixTime(1_600_000_000L, 5));
            List<UnixfsData> below = new ArrayList<>();
            collect(store, root, below, true);
            // 41 leaves and the internal nodes between them and the root: none carries metadata
            assertThat(below).hasSizeGreaterThan(41 + 3);
            assertThat(below).allSatisfy(d -> {
                assertThat(d.mode()).isNull();
                assertThat(d.mtime()).isNull();
            });
            // the same DAG but the root: only the root block differs from an import without metadata
            MemoryBlockstore plain = new MemoryBlockstore();
            Cid plainRoot = new UnixfsImporter(plain, o.withMetadata(MetadataOptions.NONE))
                    .importStream(new ByteArrayInputStream(content), "").cid();
            assertThat(PbCodec.decode(store.get(root).orElseThrow().data()).links())
                    .isEqualTo(PbCodec.decode(plain.get(plainRoot).orElseThrow().data()).links());
        }
    }

    @Test
    void aShardedDirectoryCarriesTheMetadataOnItsRootShardOnly() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("big"));
        for (int i = 0; i < 40; i++) {
            Files.writeString(dir.resolve("f" + i), "content " + i);
        }
        MemoryBlockstore store = new MemoryBlockstore();
        ImportOptions o = ImportOptions.kuboDefaults().withShardThresholdBytes(0).withShardFanout(8)
                .withMetadata(custom(0750L, 1_700_000_000L, null));
        Cid root = new UnixfsImporter(store, o).importPath(dir).cid();
        UnixfsData r = data(store, root);
        assertThat(r.type()).isEqualTo(UnixfsType.HAMT_SHARD);
        assertThat(r.mode()).isEqualTo(0750L);
        assertThat(r.mtime()).isEqualTo(new UnixTime(1_700_000_000L, null));
        int subShards = 0;
        for (PbLink l : PbCodec.decode(store.get(root).orElseThrow().data()).links()) {
            UnixfsData child = data(store, l.hash());
            if (child.type() == UnixfsType.HAMT_SHARD) {
                subShards++;
                assertThat(child.mode()).isNull();
                assertThat(child.mtime()).isNull();
            } else {
                // files are entries of their own: they carry the custom metadata too
                assertThat(child.mode()).isEqualTo(0750L);
            }
        }
        assertThat(subShards).isPositive();
    }

    @Test
    void theWrappingDirectoryGetsCustomMetadataButNeverPreserved() throws IOException {
        Path f = Files.writeString(tmp.resolve("a.txt"), "a");
        chmod(f, "rwx------");
        MemoryBlockstore store = new MemoryBlockstore();
        ImportOptions o = ImportOptions.kuboDefaults().withWrapWithDirectory(true)
                .withMetadata(MetadataOptions.of(0711L, 1_650_000_000L, null, true, false));
        Cid wrapper = new UnixfsImporter(store, o).importPath(f).cid();
        UnixfsData w = data(store, wrapper);
        assertThat(w.type()).isEqualTo(UnixfsType.DIRECTORY);
        assertThat(w.mode()).as("mode is preserved: the wrapper has none of its own").isNull();
        assertThat(w.mtime()).isEqualTo(new UnixTime(1_650_000_000L, null));
        UnixfsData file = data(store, PbCodec.decode(store.get(wrapper).orElseThrow().data()).links().getFirst().hash());
        assertThat(file.mode()).isEqualTo(0700L);
    }

    @Test
    void preservedTimesKeepTheirNanoseconds() throws IOException {
        Path f = Files.writeString(tmp.resolve("n.txt"), "n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 123_456_789)));
        MemoryBlockstore store = new MemoryBlockstore();
        ImportOptions o = ImportOptions.kuboDefaults().withMetadata(MetadataOptions.of(null, null, null, false, true));
        UnixfsData d = data(store, new UnixfsImporter(store, o).importPath(f).cid());
        // file systems keep at least microseconds; whatever they keep is stored
        assertThat(d.mtime().seconds()).isEqualTo(1_600_000_000L);
        assertThat(d.mtime().nanos()).isNotNull();
        assertThat(d.mtime().nanos() / 1000).isEqualTo(123_456);
        assertThat(d.mode()).isNull();
    }

    @Test
    void noMetadataOptionsAndKubosZeroValuesChangeNothing() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.writeString(dir.resolve("x"), "x".repeat(1000));
        assertThat(MetadataOptions.of(null, null, null, false, false)).isEqualTo(MetadataOptions.NONE);
        // Kubo reads --mode=0 and --mtime=0 as "not given"
        MetadataOptions zeros = MetadataOptions.of(0L, 0L, 0L, false, false);
        assertThat(zeros.any()).isFalse();
        for (int v = 0; v <= 1; v++) {
            ImportOptions base = ImportOptions.kuboDefaults().withCidVersion(v).withChunkSize(256).withOnlyHash(true);
            String plain = new UnixfsImporter(null, base).importPath(dir).cid().toString();
            assertThat(new UnixfsImporter(null, base.withMetadata(zeros)).importPath(dir).cid().toString())
                    .isEqualTo(plain);
        }
    }

    @Test
    void metadataTurnsImplicitRawLeavesOffAndRefusesExplicitOnes() {
        ImportOptions v1 = ImportOptions.kuboDefaults().withCidVersion(1);
        assertThat(v1.rawLeaves()).isTrue();
        for (MetadataOptions m : List.of(MetadataOptions.of(0644L, null, null, false, false),
                MetadataOptions.of(null, 5L, null, false, false), MetadataOptions.of(null, null, null, true, false),
                MetadataOptions.of(null, null, null, false, true))) {
            assertThat(v1.withMetadata(m).rawLeaves()).isFalse();
            assertThat(v1.withMetadata(m).cidVersion()).isEqualTo(1);
            assertThatThrownBy(() -> v1.withRawLeaves(true).withMetadata(m))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("raw-leaves can't be used with UnixFS metadata like mode or modification time");
            assertThatThrownBy(() -> v1.withMetadata(m).withRawLeaves(true))
                    .hasMessage("raw-leaves can't be used with UnixFS metadata like mode or modification time");
            assertThat(v1.withMetadata(m).withRawLeaves(false).rawLeaves()).isFalse();
        }
    }

    @Test
    void aCidV1ImportWithMetadataHasDagPbLeavesAndADagPbRoot() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportOptions o = ImportOptions.kuboDefaults().withCidVersion(1).withChunkSize(10)
                .withMetadata(custom(0640L, null, null));
        Cid root = new UnixfsImporter(store, o).importStream(text("x".repeat(35)), "").cid();
        assertThat(root.version()).isEqualTo(1);
        assertThat(root.toString()).startsWith("bafybei");
        for (PbLink l : PbCodec.decode(store.get(root).orElseThrow().data()).links()) {
            assertThat(l.hash().toString()).startsWith("bafybei");
        }
    }

    @Test
    void optionErrorsAreKubos() {
        assertThatThrownBy(() -> MetadataOptions.of(null, null, 5L, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option \"mtime-nsecs\" requires \"mtime\" to be provided as well");
        assertThatThrownBy(() -> MetadataOptions.of(null, 0L, 5L, false, false))
                .hasMessage("option \"mtime-nsecs\" requires \"mtime\" to be provided as well");
        assertThatThrownBy(() -> MetadataOptions.of(null, 10L, 1_000_000_000L, false, false))
                .hasMessageContaining("0..999999999");
        assertThatThrownBy(() -> MetadataOptions.of(null, 10L, -1L, false, false))
                .hasMessageContaining("0..999999999");
        assertThatThrownBy(() -> MetadataOptions.of(010000L, null, null, false, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MetadataOptions.of(null, -86400L, 0L, false, false).custom().mtime())
                .isEqualTo(new UnixTime(-86400, null));
    }

    @Test
    void modesAreAlwaysOctal() {
        assertThat(UnixfsMetadata.parseMode("644")).isEqualTo(0644L);
        assertThat(UnixfsMetadata.parseMode("0644")).isEqualTo(0644L);
        assertThat(UnixfsMetadata.parseMode("0o644")).isEqualTo(0644L);
        assertThat(UnixfsMetadata.parseMode("4755")).isEqualTo(04755L);
        assertThat(UnixfsMetadata.parseMode("7777")).isEqualTo(07777L);
        assertThat(UnixfsMetadata.parseMode("0")).isZero();
        for (String bad : List.of("", "8", "0x1ff", "-644", "64a", "rw-r--r--", "0o")) {
            assertThatThrownBy(() -> UnixfsMetadata.parseMode(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("octal");
        }
        assertThatThrownBy(() -> UnixfsMetadata.parseMode("10000")).hasMessageContaining("above 7777");
        assertThatThrownBy(() -> UnixfsMetadata.parseMode("77777777777777")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void anEntryImportGivesEachEntryItsOwnValuesOverTheCustomOnes() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        UnixTime own = new UnixTime(1_500_000_000L, 9);
        ImportOptions o = ImportOptions.kuboDefaults().withMetadata(custom(0600L, 1_000L, null));
        EntryImport e = new UnixfsImporter(store, o).entries();
        e.addDirectory("top", new UnixfsMetadata(0750L, null));
        Cid mine = e.addFile("top/mine", text("m"), new UnixfsMetadata(0755L, own)).cid();
        Cid plain = e.addFile("top/plain", text("p")).cid();
        Cid link = e.addSymlink("top/link", "mine", new UnixfsMetadata(0777L, own)).cid();
        e.addFile("top/implied/deep", text("d"));
        Cid top = e.finish().getFirst().cid();
        assertThat(data(store, mine).mode()).isEqualTo(0755L);
        assertThat(data(store, mine).mtime()).isEqualTo(own);
        assertThat(data(store, plain).mode()).isEqualTo(0600L);
        assertThat(data(store, plain).mtime()).isEqualTo(new UnixTime(1_000L, null));
        assertThat(data(store, link).mode()).isNull();
        assertThat(data(store, link).mtime()).isEqualTo(own);
        UnixfsData topData = data(store, top);
        assertThat(topData.mode()).isEqualTo(0750L);
        assertThat(topData.mtime()).as("its own part had no time: the custom one").isEqualTo(new UnixTime(1_000L, null));
        Cid implied = PbCodec.decode(store.get(top).orElseThrow().data()).links().stream()
                .filter(l -> l.name().equals("implied")).findFirst().orElseThrow().hash();
        assertThat(data(store, implied).mode()).isEqualTo(0600L);
    }

    @Test
    void anEntryImportThatPreservesGivesEntriesWithoutTheirOwnValueNone() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportOptions o = ImportOptions.kuboDefaults().withMetadata(MetadataOptions.of(0600L, 1_000L, null, true,
                false));
        EntryImport e = new UnixfsImporter(store, o).entries();
        Cid mine = e.addFile("mine", text("m"), new UnixfsMetadata(0755L, null)).cid();
        Cid plain = e.addFile("plain", text("p")).cid();
        e.finish();
        assertThat(data(store, mine).mode()).isEqualTo(0755L);
        assertThat(data(store, plain).mode()).isNull();
        assertThat(data(store, plain).mtime()).isEqualTo(new UnixTime(1_000L, null));
    }

    @Test
    void aFileWithItsOwnMetadataInACidV1ImportGetsDagPbLeaves() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        EntryImport e = new UnixfsImporter(store, ImportOptions.kuboDefaults().withCidVersion(1)).entries();
        Cid withMeta = e.addFile("m", text("short"), new UnixfsMetadata(0644L, null)).cid();
        Cid without = e.addFile("p", text("short")).cid();
        e.finish();
        assertThat(withMeta.toString()).startsWith("bafybei");
        assertThat(data(store, withMeta).mode()).isEqualTo(0644L);
        assertThat(without.toString()).as("raw leaf, as before").startsWith("bafkrei");

        EntryImport explicit = new UnixfsImporter(new MemoryBlockstore(),
                ImportOptions.kuboDefaults().withCidVersion(1).withRawLeaves(true)).entries();
        assertThatThrownBy(() -> explicit.addFile("m", text("short"), new UnixfsMetadata(0644L, null)))
                .isInstanceOf(UnixfsException.class)
                .hasMessage("raw-leaves can't be used with UnixFS metadata like mode or modification time");
        explicit.abort();
    }

    @Test
    void anEntryImportGivesTheSameCidsAsAPathImportWithTheSameMetadata() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("same"));
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/f"), "f".repeat(3000));
        Files.writeString(root.resolve("g"), "g");
        ImportOptions o = ImportOptions.kuboDefaults().withChunkSize(1024).withOnlyHash(true)
                .withMetadata(custom(0704L, 1_234_567L, 89L));
        String viaPaths = new UnixfsImporter(null, o).importPath(root).cid().toString();
        EntryImport e = new UnixfsImporter(null, o).entries();
        e.addDirectory("same");
        e.addDirectory("same/a");
        e.addFile("same/a/b/f", text("f".repeat(3000)));
        e.addFile("same/g", text("g"));
        assertThat(e.finish().getFirst().cid().toString()).isEqualTo(viaPaths);
    }

    private static ByteArrayInputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static UnixfsData data(MemoryBlockstore store, Cid cid) {
        PbNode n = PbCodec.decode(store.get(cid).orElseThrow().data());
        return UnixfsDataCodec.decode(n.data());
    }

    /** Every dag-pb node below {@code cid} (not itself when {@code skipSelf}). */
    private static void collect(MemoryBlockstore store, Cid cid, List<UnixfsData> out, boolean skipSelf) {
        PbNode n = PbCodec.decode(store.get(cid).orElseThrow().data());
        if (!skipSelf) {
            out.add(UnixfsDataCodec.decode(n.data()));
        }
        for (PbLink l : n.links()) {
            collect(store, l.hash(), out, false);
        }
    }
}
