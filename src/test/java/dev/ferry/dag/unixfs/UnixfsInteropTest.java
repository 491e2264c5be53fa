package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity with js ipfs-unixfs-importer configured as Kubo's {@code ipfs add} (interop/unixfs/import.mjs): the same
 * inputs and options must give the same root CID and the same CID and size for every entry js reports. One node
 * process imports every case.
 */
@Tag("interop")
class UnixfsInteropTest {
    private static final int MIB = 1 << 20;

    record Case(String id, List<Path> paths, int cidVersion, Boolean rawLeaves, int chunkSize, boolean trickle,
            boolean wrap, boolean hidden) {
        ImportOptions options() {
            ImportOptions o = ImportOptions.kuboDefaults().withCidVersion(cidVersion).withChunkSize(chunkSize)
                    .withTrickle(trickle).withWrapWithDirectory(wrap).withHidden(hidden).withOnlyHash(true);
            return rawLeaves == null ? o : o.withRawLeaves(rawLeaves);
        }

        String json() {
            StringBuilder ps = new StringBuilder();
            for (Path p : paths) {
                ps.append(ps.isEmpty() ? "" : ",").append(str(p.toString()));
            }
            return "{\"id\":" + str(id) + ",\"paths\":[" + ps + "],\"cidVersion\":" + cidVersion
                    + ",\"rawLeaves\":" + rawLeaves + ",\"chunkSize\":" + chunkSize + ",\"trickle\":" + trickle
                    + ",\"wrap\":" + wrap + ",\"hidden\":" + hidden + "}";
        }
    }

    @TempDir
    Path tmp;
    private final Random random = new Random(20261126L);
    private final List<Case> cases = new ArrayList<>();

    @Test
    void sameCidsAsJsImporter() throws Exception {
        buildCases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
        JsImportLines js = JsImportLines.parse(runNode());
        Map<String, String> jsRoots = js.roots();
        Map<String, Map<String, String>> jsEntries = js.entries();
        assertThat(jsRoots).hasSize(cases.size());
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Case c : cases) {
            Map<String, String> entries = new LinkedHashMap<>();
            UnixfsImporter importer = new UnixfsImporter(null, c.options(),
                    (cid, path, size) -> entries.put(path, cid + " " + size), n -> { });
            String root = importer.importPaths(c.paths()).getLast().cid().toString();
            if (!root.equals(jsRoots.get(c.id()))) {
                mismatches.add(c.id() + ": ferry " + root + " js " + jsRoots.get(c.id()));
                continue;
            }
            // js reports files and non-empty directories; ferry (like Kubo) also reports empty directories
            for (Map.Entry<String, String> e : jsEntries.getOrDefault(c.id(), Map.of()).entrySet()) {
                compared++;
                if (!e.getValue().equals(entries.get(e.getKey()))) {
                    mismatches.add(c.id() + " entry " + e.getKey() + ": ferry " + entries.get(e.getKey()) + " js "
                            + e.getValue());
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).isGreaterThan(5 * 5350);
    }

    private void buildCases() throws IOException {
        // file sizes around chunk and node boundaries
        file("empty", 0, 0, null, 262144, false);
        file("one-byte", 1, 0, null, 262144, false);
        file("chunk-minus-1", 262143, 0, null, 262144, false);
        file("chunk", 262144, 0, null, 262144, false);
        file("chunk-plus-1", 262145, 0, null, 262144, false);
        file("174-chunks", 174L * 1024, 0, null, 1024, false);
        file("175-chunks", 175L * 1024, 0, null, 1024, false);
        file("174x174-chunks-plus-1", 174L * 174 * 1024 + 1, 0, null, 1024, false);
        file("50MiB", 50L * MIB, 0, null, 262144, false);
        // CID versions and leaves
        file("v1-raw", 700_000, 1, null, 262144, false);
        file("v1-dagpb-leaves", 700_000, 1, false, 262144, false);
        file("v0-raw-leaves", 700_000, 0, true, 262144, false);
        file("v0-raw-leaves-single", 1000, 0, true, 262144, false);
        file("v1-empty", 0, 1, null, 262144, false);
        file("v1-empty-dagpb", 0, 1, false, 262144, false);
        // chunk sizes
        file("chunk-1024", 300_000, 0, null, 1024, false);
        file("chunk-65536", 1_000_000, 0, null, 65536, false);
        file("chunk-1MiB", 3 * MIB + 7, 0, null, MIB, false);
        file("chunk-1MiB-v1", 3 * MIB + 7, 1, null, MIB, false);
        // trickle
        file("trickle-empty", 0, 0, null, 262144, true);
        file("trickle-one-chunk", 100, 0, null, 262144, true);
        file("trickle-174", 174L * 1024, 0, null, 1024, true);
        file("trickle-175", 175L * 1024, 0, null, 1024, true);
        file("trickle-deep", 174L * 1024 * 40 + 333, 0, null, 1024, true);
        file("trickle-v1-raw", 174L * 1024 * 9 + 5, 1, null, 1024, true);
        // random sizes and options
        for (int i = 0; i < 6; i++) {
            long size = random.nextInt(3 * MIB);
            int[] chunkSizes = {1024, 65536, 262144, MIB};
            file("random-" + i, size, random.nextInt(2), random.nextBoolean() ? null : random.nextBoolean(),
                    chunkSizes[random.nextInt(chunkSizes.length)], random.nextInt(4) == 0);
        }
        // directories
        Path nested = nestedTree(tmp.resolve("nested"));
        add("nested-v0", nested, 0, null, 262144, false, false, false);
        add("nested-v1", nested, 1, null, 262144, false, false, false);
        add("nested-hidden", nested, 0, null, 262144, false, false, true);
        add("nested-wrapped", nested, 0, null, 262144, false, true, false);
        add("nested-trickle-v1", nested, 1, false, 1024, true, false, false);
        Path emptyDir = Files.createDirectory(tmp.resolve("empty-dir"));
        add("empty-dir", emptyDir, 0, null, 262144, false, false, false);
        add("empty-dir-wrapped", emptyDir, 1, null, 262144, false, true, false);
        Path wrapFile = writeFile(tmp.resolve("wrap-me.txt"), 5000);
        add("file-wrapped", wrapFile, 0, null, 262144, false, true, false);
        cases.add(new Case("several-wrapped", List.of(wrapFile, nested, emptyDir), 0, null, 262144, false, true,
                false));
        // sharding: the estimate is name bytes + CID bytes (34 for CIDv0) per entry; shard when strictly above
        add("at-threshold-flat", bigDir("at-threshold", 0), 0, null, 262144, false, false, false);
        add("above-threshold-sharded", bigDir("above-threshold", 1), 0, null, 262144, false, false, false);
        // CIDv1 raw leaves make 36-byte CIDs: the same directory is above the threshold
        add("sharded-v1", bigDir("sharded-v1", 0), 1, null, 262144, false, false, false);
        Path withSubdirs = bigDir("with-subdirs", 0);
        // a non-empty subdirectory does not count in js's estimate; an empty one does (and tips it over)
        Files.createDirectory(withSubdirs.resolve("sub"));
        Files.writeString(withSubdirs.resolve("sub/inner"), "inner");
        add("subdir-not-counted", withSubdirs, 0, null, 262144, false, false, false);
        Path shardedNested = bigDir("sharded-nested", 1);
        Files.createDirectory(shardedNested.resolve("empty"));
        Files.createDirectories(shardedNested.resolve("deeper/still"));
        Files.writeString(shardedNested.resolve("deeper/still/leaf"), "leaf");
        add("sharded-with-dirs", shardedNested, 0, null, 262144, false, true, false);
    }

    private void file(String id, long size, int cidVersion, Boolean raw, int chunk, boolean trickle)
            throws IOException {
        Path p = tmp.resolve("files").resolve(id);
        Files.createDirectories(p.getParent());
        // share content between cases of the same size, so the big files are written once
        Path shared = tmp.resolve("content").resolve(Long.toString(size));
        if (!Files.exists(shared)) {
            Files.createDirectories(shared.getParent());
            writeFile(shared, size);
        }
        Files.createSymbolicLink(p, shared);
        // import the content file itself (the link only names the case)
        add(id, shared, cidVersion, raw, chunk, trickle, false, false);
    }

    private void add(String id, Path path, int cidVersion, Boolean raw, int chunk, boolean trickle, boolean wrap,
            boolean hidden) {
        cases.add(new Case(id, List.of(path), cidVersion, raw, chunk, trickle, wrap, hidden));
    }

    private Path writeFile(Path p, long size) throws IOException {
        return dev.ferry.testing.RandomFiles.write(p, size, random);
    }

    private Path nestedTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve("a/also-empty"));
        Files.createDirectories(root.resolve("ünïcödé/日本語"));
        Files.writeString(root.resolve("ünïcödé/日本語/ファイル.txt"), "こんにちは\n");
        Files.writeString(root.resolve("ünïcödé/emoji-😀"), "smile");
        Files.writeString(root.resolve("a/b/c/deep.txt"), "deep\n");
        writeFile(root.resolve("a/b/big.bin"), 600_000);
        Files.writeString(root.resolve("Zebra"), "upper case sorts first");
        Files.writeString(root.resolve("zebra"), "lower case");
        Files.writeString(root.resolve(".hidden"), "dotfile");
        Files.createDirectories(root.resolve(".hidden-dir"));
        Files.writeString(root.resolve(".hidden-dir/x"), "x");
        Files.createSymbolicLink(root.resolve("link-to-deep"), Path.of("a/b/c/deep.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nowhere/at/all"));
        return root;
    }

    /**
     * A directory of files whose CIDv0 links estimate is exactly 262144 bytes plus {@code extra}: 5349 entries of
     * 15-byte names (49 bytes each) and one whose name makes up the rest.
     */
    private Path bigDir(String name, int extra) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        for (int i = 0; i < 5349; i++) {
            String n = String.format("file-%06d.txt", i);
            Files.writeString(dir.resolve(n), n);
        }
        // 5349 * 49 = 262101; 262144 - 262101 = 43 = 34 (CID) + 9 name bytes
        String last = "last-" + "x".repeat(4 + extra);
        Files.writeString(dir.resolve(last), last);
        return dir;
    }

    private List<String> runNode() throws Exception {
        Path project = Path.of(System.getProperty("ferry.project.dir", "."));
        Path interop = project.resolve("interop");
        assertThat(interop.resolve("node_modules/ipfs-unixfs-importer")).as("npm peers installed").exists();
        StringBuilder request = new StringBuilder("{\"cases\":[");
        for (int i = 0; i < cases.size(); i++) {
            request.append(i == 0 ? "" : ",").append(cases.get(i).json());
        }
        request.append("]}");
        String out = dev.ferry.testing.NodeJs.run(java.time.Duration.ofSeconds(600),
                request.toString().getBytes(StandardCharsets.UTF_8), "unixfs/import.mjs");
        return List.of(out.split("\n"));
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
