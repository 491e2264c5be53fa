package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multihash;
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
 * Parity with js ipfs-unixfs-importer given another hasher (interop/unixfs/import-hashes.mjs): sha2-512 from
 * multiformats, sha3-256/512 from @multiformats/sha3, blake2b-256 from @multiformats/blake2. Files of one and several
 * chunks, raw and dag-pb leaves, trickle, a nested directory and a HAMT-sharded one must give the same CIDs (every
 * block, leaves, file nodes, directories and shards, hashed with the function), as Kubo's {@code add --hash} does.
 */
@Tag("interop")
class UnixfsHashesInteropTest {
    private static final List<String> HASHES = List.of("sha2-512", "sha3-256", "sha3-512", "blake2b-256");

    record Case(String id, Path path, String hash, Boolean rawLeaves, int chunkSize, boolean trickle) {
        ImportOptions options() {
            HashFunction f = HashFunction.named(hash);
            ImportOptions o = ImportOptions.kuboDefaults().withCidVersion(ImportOptions.cidVersionFor(null, f))
                    .withHashFunction(f).withChunkSize(chunkSize).withTrickle(trickle).withOnlyHash(true);
            return rawLeaves == null ? o : o.withRawLeaves(rawLeaves);
        }

        String json() {
            return "{\"id\":\"" + id + "\",\"path\":\"" + path + "\",\"hash\":\"" + hash + "\",\"cidVersion\":1"
                    + ",\"rawLeaves\":" + rawLeaves + ",\"chunkSize\":" + chunkSize + ",\"trickle\":" + trickle + "}";
        }
    }

    @TempDir
    Path tmp;
    private final Random random = new Random(20261127L);

    @Test
    void sameCidsAsJsImporterWithOtherHashers() throws Exception {
        Path single = writeFile(tmp.resolve("single.bin"), 1000);
        Path multi = writeFile(tmp.resolve("multi.bin"), 700_000);
        Path trickled = writeFile(tmp.resolve("trickled.bin"), 174L * 1024 * 2 + 5);
        Path nested = nestedTree(tmp.resolve("nested"));
        Path sharded = bigDir(tmp.resolve("sharded"));
        List<Case> cases = new ArrayList<>();
        for (String h : HASHES) {
            cases.add(new Case(h + "-single", single, h, null, 262144, false));
            cases.add(new Case(h + "-multi-raw", multi, h, null, 262144, false));
            cases.add(new Case(h + "-multi-dagpb", multi, h, false, 262144, false));
            cases.add(new Case(h + "-trickle", trickled, h, null, 1024, true));
            cases.add(new Case(h + "-nested", nested, h, null, 262144, false));
            cases.add(new Case(h + "-sharded", sharded, h, null, 262144, false));
        }
        JsImportLines js = JsImportLines.parse(runNode(cases));
        Map<String, String> jsRoots = js.roots();
        Map<String, Map<String, String>> jsEntries = js.entries();
        assertThat(jsRoots).hasSize(cases.size());
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Case c : cases) {
            Map<String, String> entries = new LinkedHashMap<>();
            UnixfsImporter importer = new UnixfsImporter(null, c.options(),
                    (cid, path, size) -> entries.put(path, cid + " " + size), n -> { });
            var root = importer.importPaths(List.of(c.path())).getLast().cid();
            assertThat(root.version()).isEqualTo(1);
            assertThat(Multihash.functionName(root.multihash().code())).contains(c.hash());
            if (!root.toString().equals(jsRoots.get(c.id()))) {
                mismatches.add(c.id() + ": ferry " + root + " js " + jsRoots.get(c.id()));
                continue;
            }
            for (Map.Entry<String, String> e : jsEntries.getOrDefault(c.id(), Map.of()).entrySet()) {
                compared++;
                if (!e.getValue().equals(entries.get(e.getKey()))) {
                    mismatches.add(c.id() + " entry " + e.getKey() + ": ferry " + entries.get(e.getKey()) + " js "
                            + e.getValue());
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).isGreaterThan(4 * 5400);
    }

    private Path writeFile(Path p, long size) throws IOException {
        return dev.ferry.testing.RandomFiles.write(p, size, random);
    }

    private Path nestedTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve("a/b/c/deep.txt"), "deep\n");
        writeFile(root.resolve("a/b/big.bin"), 600_000);
        Files.writeString(root.resolve("ünïcödé"), "unicode name");
        Files.writeString(root.resolve("zebra"), "z");
        return root;
    }

    /**
     * 5400 small files: a HAMT with every function here (links estimate: name bytes + CID bytes, 36 to 68 per CID,
     * above 262144 bytes for all of them).
     */
    private Path bigDir(Path dir) throws IOException {
        Files.createDirectory(dir);
        for (int i = 0; i < 5400; i++) {
            String n = String.format("file-%06d.txt", i);
            Files.writeString(dir.resolve(n), n);
        }
        Files.createDirectories(dir.resolve("sub/inner"));
        Files.writeString(dir.resolve("sub/inner/leaf"), "leaf");
        return dir;
    }

    private static List<String> runNode(List<Case> cases) throws Exception {
        Path interop = Path.of(System.getProperty("ferry.project.dir", ".")).resolve("interop");
        assertThat(interop.resolve("node_modules/@multiformats/sha3")).as("npm peers installed").exists();
        StringBuilder request = new StringBuilder("{\"cases\":[");
        for (int i = 0; i < cases.size(); i++) {
            request.append(i == 0 ? "" : ",").append(cases.get(i).json());
        }
        request.append("]}");
        String out = dev.ferry.testing.NodeJs.run(java.time.Duration.ofSeconds(600),
                request.toString().getBytes(StandardCharsets.UTF_8), "unixfs/import-hashes.mjs");
        return List.of(out.split("\n"));
    }
}
