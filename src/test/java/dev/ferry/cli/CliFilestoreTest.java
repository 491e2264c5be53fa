package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.node.repo.Repo;
import dev.ferry.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add --nocopy} and {@code filestore ls|verify|dups} on a repository (no daemon). */
class CliFilestoreTest {
    static final String NOT_ENABLED = "Error: filestore is not enabled, see https://git.io/vNItf";

    @TempDir
    Path tmp;

    CliRun cli;

    @BeforeEach
    void init() {
        cli = new CliRun(tmp.resolve("repo"));
        ok("init");
        ok("config", "--json", "Experimental.FilestoreEnabled", "true");
    }

    private CliRun.Result ok(String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private CliRun.Result fails(String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error: ");
        return r;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve("data").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The leaves in the filestore and the blocks of the main store, straight from the repository. */
    private record Stores(List<Cid> filestore, List<Cid> main) {
    }

    private Stores stores() {
        try (Repo r = Repo.open(tmp.resolve("repo")); Stream<Cid> fs = r.filestore().cids();
                Stream<Cid> main = r.fileBlocks().cids()) {
            return new Stores(fs.toList(), main.toList());
        }
    }

    @Test
    void nocopyMakesTheSameCidsAsRawLeavesAndStoresOnlyInternalNodes() throws IOException {
        int chunk = 262_144;
        int[] sizes = {0, 1000, chunk, chunk + 1, 3 * chunk + 17};
        for (int i = 0; i < sizes.length; i++) {
            Path f = write("f" + i + ".bin", random(sizes[i], i));
            for (List<String> variant : List.of(List.<String>of(), List.of("--cid-version", "1"),
                    List.of("--trickle", "--chunker", "size-65536"))) {
                String expected = onlyHash(variant, f, "--raw-leaves");
                String got = add(variant, f, "--nocopy");
                assertThat(got).as(sizes[i] + " bytes " + variant).isEqualTo(expected);
                if (variant.isEmpty()) {
                    assertThat(ok("cat", got).stdoutBytes()).isEqualTo(Files.readAllBytes(f));
                }
            }
        }
        Stores s = stores();
        // no leaf was copied: every filestore block is absent from the main store, which holds the internal nodes
        assertThat(s.filestore()).isNotEmpty();
        assertThat(s.main()).extracting(Cid::multihash)
                .doesNotContainAnyElementsOf(s.filestore().stream().map(Cid::multihash).toList());
        assertThat(ok("filestore", "dups").stdout()).isEmpty();
        assertThat(ok("filestore", "verify").lines()).isNotEmpty().allMatch(l -> l.startsWith("ok      bafk"));
    }

    @Test
    void inlinedLeavesAreNotReferenced() throws IOException {
        Path tiny = write("inl/tiny.txt", "tiny".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        write("inl/big.bin", random(300_000, 7));
        Path dir = tiny.getParent();
        String expected = run(List.of("--inline"), dir, "-n", "--raw-leaves");
        String got = run(List.of("--inline"), dir, "--nocopy");
        assertThat(got).isEqualTo(expected);
        assertThat(ok("cat", got + "/tiny.txt").stdout()).isEqualTo("tiny");
        Stores s = stores();
        assertThat(s.filestore()).hasSize(2).noneMatch(Cid::isIdentity); // big.bin's two leaves only
        assertThat(ok("filestore", "verify").lines()).hasSize(2).allMatch(l -> l.startsWith("ok "));
    }

    private String onlyHash(List<String> variant, Path f, String extra) {
        return run(variant, f, "-n", extra);
    }

    private String add(List<String> variant, Path f, String extra) {
        return run(variant, f, extra);
    }

    private String run(List<String> variant, Path f, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("add", "-Q", "-r"));
        args.addAll(variant);
        args.addAll(List.of(extra));
        args.add(f.toString());
        return ok(args.toArray(String[]::new)).stdout().strip();
    }

    @Test
    void aDirectoryAddedWithNocopyGetsBackWholeAndListsItsLeaves() throws IOException {
        byte[] big = random(600_000, 7);
        write("tree/a.txt", "hello\n".getBytes());
        write("tree/sub/big.bin", big);
        write("tree/sub/same.bin", big); // the same leaves twice: one entry each, pointing at one of the files
        Path tree = tmp.resolve("data/tree");
        String expected = onlyHash(List.of(), tree, "--raw-leaves");
        CliRun.Result add = ok("add", "-r", "--nocopy", tree.toString());
        assertThat(add.lines()).last().isEqualTo("added " + expected + " tree");
        ok("get", expected, "-o", tmp.resolve("out").toString());
        assertThat(Files.readAllBytes(tmp.resolve("out/sub/big.bin"))).isEqualTo(big);
        assertThat(Files.readString(tmp.resolve("out/a.txt"))).isEqualTo("hello\n");

        List<String> ls = ok("filestore", "ls", "--file-order").lines();
        // <cid padded to 50> <size padded to 6> <path relative to the repo's parent> <offset>
        assertThat(ls).hasSize(4); // hello, and three distinct leaves of the big file
        assertThat(ls.get(0)).isEqualTo(String.format("%-50s %6d %s %d",
                Cid.of(1, Multicodec.RAW.code(), "hello\n".getBytes()), 6, "data/tree/a.txt", 0));
        assertThat(ls.subList(1, 4)).allMatch(l -> l.matches("bafk\\S+ +\\d+ data/tree/sub/(big|same)\\.bin \\d+"));
        Cid leaf = Cid.parse(ls.get(1).split(" +")[0]);
        assertThat(ok("filestore", "ls", leaf.toString()).stdout()).isEqualTo(ls.get(1) + "\n");
        assertThat(ok("filestore", "verify", leaf.toString()).stdout()).isEqualTo("ok      " + ls.get(1) + "\n");

        // a normal add copies the leaves: now they are duplicates
        ok("add", "-Q", "--raw-leaves", tmp.resolve("data/tree/sub/big.bin").toString());
        assertThat(ok("filestore", "dups").lines()).hasSize(3).allMatch(l -> l.startsWith("bafk"));
    }

    @Test
    void aChangedFileIsReportedAndItsContentIsNeverServed() throws IOException {
        byte[] content = random(700_000, 3);
        Path f = write("c.bin", content);
        String root = ok("add", "-Q", "--nocopy", f.toString()).stdout().strip();
        byte[] changed = content.clone();
        changed[300_000] ^= 1; // inside the second leaf
        Files.write(f, changed);

        List<String> verify = ok("filestore", "verify", "--file-order").lines();
        assertThat(verify).hasSize(3);
        assertThat(verify.get(0)).startsWith("ok      ");
        assertThat(verify.get(1)).startsWith("changed ").endsWith(" data/c.bin 262144");
        assertThat(verify.get(2)).startsWith("ok      ");
        CliRun.Result cat = fails("cat", root);
        assertThat(cat.stderr()).contains("data in file did not match. data/c.bin offset 262144");
        assertThat(cat.stderr().strip().lines().count()).isEqualTo(1);

        Files.write(f, content); // put back: served again
        assertThat(ok("cat", root).stdoutBytes()).isEqualTo(content);

        Files.delete(f);
        assertThat(ok("filestore", "verify").lines()).hasSize(3).allMatch(l -> l.startsWith("no-file "));
        assertThat(fails("cat", root).stderr()).contains("no such file");
        // the node still works for everything else
        ok("add", "-Q", write("other", "x".getBytes()).toString());
        // a CID with no entry, and an argument that is no CID
        CliRun.Result missing = fails("filestore", "verify", "bafkqaaa", "nonsense");
        assertThat(missing.stdout()).startsWith("missing bafkqaaa\n");
        assertThat(missing.stderr()).contains("nonsense: ");
    }

    @Test
    void gcDropsUnpinnedEntriesKeepsPinnedOnesAndNeverTouchesTheFiles() throws IOException {
        Path pinned = write("pinned.bin", random(300_000, 4));
        Path loose = write("loose.bin", random(300_000, 5));
        String pinnedRoot = ok("add", "-Q", "--nocopy", pinned.toString()).stdout().strip();
        ok("add", "-Q", "--nocopy", "--pin=false", loose.toString());
        assertThat(ok("filestore", "ls").lines()).hasSize(4);
        Files.write(pinned, random(300_000, 6)); // a pinned file that changed is kept too: it may come back

        CliRun.Result gc = ok("repo", "gc");
        assertThat(gc.lines()).hasSize(3); // the loose file's root and its two leaves
        List<String> left = ok("filestore", "ls").lines();
        assertThat(left).hasSize(2).allMatch(l -> l.contains("data/pinned.bin"));
        assertThat(loose).exists();
        assertThat(pinned).exists();
        ok("pin", "rm", pinnedRoot);
        ok("repo", "gc");
        assertThat(ok("filestore", "ls").stdout()).isEmpty();
    }

    @Test
    void blockRmRemovesTheEntry() throws IOException {
        Path f = write("one.txt", "one leaf\n".getBytes());
        String cid = ok("add", "-Q", "--nocopy", "--pin=false", f.toString()).stdout().strip();
        assertThat(ok("filestore", "ls").lines()).hasSize(1);
        ok("block", "rm", cid);
        assertThat(ok("filestore", "ls").stdout()).isEmpty();
        assertThat(f).exists();
    }

    @Test
    void aCorruptIndexRecordIsAClearError() throws IOException {
        Path f = write("two.bin", random(300_000, 8));
        String root = ok("add", "-Q", "--nocopy", f.toString()).stdout().strip();
        Path record;
        try (Stream<Path> s = Files.walk(tmp.resolve("repo/filestore"))) {
            record = s.filter(p -> p.toString().endsWith(".ref")).findFirst().orElseThrow();
        }
        Files.write(record, Arrays.copyOf(Files.readAllBytes(record), 10)); // torn
        CliRun.Result verify = fails("filestore", "verify");
        assertThat(verify.stdout().lines()).anyMatch(l -> l.startsWith("ERROR   bafk")).anyMatch(l -> l.startsWith("ok "));
        assertThat(verify.stderr()).contains("corrupt filestore entry").contains("checksum mismatch");
        assertThat(fails("cat", root).stderr()).contains("corrupt filestore entry");
        assertThat(fails("repo", "gc").stderr()).contains("corrupt filestore entry");
    }

    @Test
    void refusals() throws IOException {
        Path f = write("r.txt", "r\n".getBytes());
        assertThat(fails("add", "--nocopy", "--raw-leaves=false", f.toString()).stderr())
                .contains("nocopy option requires '--raw-leaves' to be enabled as well");
        assertThat(cli.run("x".getBytes(), "add", "--nocopy").stderr()).startsWith("Error: --nocopy needs files");
        Path outside = Files.writeString(tmp.getParent().resolve(tmp.getFileName() + "-outside.txt"), "o");
        try {
            assertThat(fails("add", "--nocopy", outside.toString()).stderr())
                    .contains("cannot add filestore references outside ipfs root (" + tmp.toAbsolutePath().normalize() + ")");
        } finally {
            Files.delete(outside);
        }
        assertThat(stores().main()).isEmpty(); // nothing was stored

        ok("config", "--json", "Experimental.FilestoreEnabled", "false");
        assertThat(fails("add", "--nocopy", f.toString()).stderr().strip()).isEqualTo(NOT_ENABLED);
        assertThat(fails("filestore", "ls").stderr().strip()).isEqualTo(NOT_ENABLED);
        assertThat(fails("filestore", "verify").stderr().strip()).isEqualTo(NOT_ENABLED);
        assertThat(fails("filestore", "dups").stderr().strip()).isEqualTo(NOT_ENABLED);
    }

    @Test
    void entriesSurviveReopeningTheRepository() throws IOException {
        byte[] content = random(270_000, 9);
        Path f = write("d.bin", content);
        String root = ok("add", "-Q", "--nocopy", f.toString()).stdout().strip();
        // every command opens the repository anew: the add's references are on disk, not in a process
        try (Repo r = Repo.open(tmp.resolve("repo"))) {
            assertThat(r.blocks().has(Cid.parse(root))).isTrue();
            try (Stream<Cid> cids = r.filestore().cids()) {
                assertThat(cids.toList()).hasSize(2).allMatch(c -> c.codec() == Multicodec.RAW.code());
            }
        }
        assertThat(ok("cat", root).stdoutBytes()).isEqualTo(content);
    }
}
