package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoVerifier;
import dev.ferry.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content commands end to end through the command line, against a real repository on disk. */
class CliContentTest {
    @TempDir
    Path tmp;

    CliRun cli;

    @BeforeEach
    void init() {
        cli = new CliRun(tmp.resolve("repo"));
        CliRun.Result r = cli.run("init");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("peer identity: 12D3KooW");
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
        assertThat(r.stderr().strip().lines().count()).as("one-line error: " + r.stderr()).isLessThanOrEqualTo(2);
        return r;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    @Test
    void addPrintsKuboCidsAndCatReturnsTheBytes() throws IOException {
        Path f = write("hello.txt", "hello world\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ok("add", f.toString()).stdout()).isEqualTo("added QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o hello.txt\n");
        assertThat(ok("add", "--cid-version", "1", f.toString()).stdout())
                .isEqualTo("added bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 hello.txt\n");
        assertThat(ok("add", "--cid-version", "1", "--raw-leaves=false", "-Q", f.toString()).stdout())
                .isEqualTo("bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby\n");
        assertThat(ok("cat", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").stdout()).isEqualTo("hello world\n");
        assertThat(ok("cat", "-o", "6", "-l", "3", "/ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o").stdout()).isEqualTo("wor");
    }

    @Test
    void addFromStdinNamesTheFileByItsCid() {
        CliRun.Result r = cli.run("Hello Worlds!\n".getBytes(StandardCharsets.UTF_8), "add");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("added QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH\n");
    }

    @Test
    void addDirectoryRecursivelyInKuboOrderAndGetItBack() throws IOException {
        write("d/hey", "Hey\n".getBytes(StandardCharsets.UTF_8));
        write("d/hello/world", "World\n".getBytes(StandardCharsets.UTF_8));
        Path d = tmp.resolve("d");
        fails("add", d.toString());
        List<String> lines = ok("add", "-r", d.toString()).lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.getLast()).isEqualTo("added QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1 d");
        // Kubo's order: files as they are added, then directories after their contents
        assertThat(lines.get(0)).endsWith(" d/hello/world");
        assertThat(lines.get(1)).endsWith(" d/hey");
        assertThat(lines.get(2)).endsWith(" d/hello");

        List<String> ls = ok("ls", "QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1").lines();
        assertThat(ls).hasSize(2);
        assertThat(ls.get(0)).endsWith(" - hello/");
        assertThat(ls.get(1)).endsWith(" 4 hey");
        assertThat(ok("cat", "QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1/hello/world").stdout()).isEqualTo("World\n");

        Path out = tmp.resolve("out");
        ok("get", "QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1", "-o", out.toString());
        assertThat(Files.readString(out.resolve("hey"))).isEqualTo("Hey\n");
        assertThat(Files.readString(out.resolve("hello/world"))).isEqualTo("World\n");
        fails("get", "QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1", "-o", out.toString());
    }

    @Test
    void onlyHashStoresNothingAndWrapNamesTheFile() throws IOException {
        Path f = write("x", new byte[] {'x'});
        assertThat(ok("add", "-n", f.toString()).stdout()).isEqualTo("added QmULKig5Fxrs2sC4qt9nNduucXfb92AFYQ6Hi3YRqDmrYC x\n");
        fails("cat", "QmULKig5Fxrs2sC4qt9nNduucXfb92AFYQ6Hi3YRqDmrYC");
        assertThat(ok("pin", "ls").stdout()).isEmpty();
        List<String> lines = ok("add", "-w", f.toString()).lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("added QmULKig5Fxrs2sC4qt9nNduucXfb92AFYQ6Hi3YRqDmrYC x");
        String wrapper = lines.get(1).substring("added ".length());
        assertThat(ok("cat", wrapper + "/x").stdout()).isEqualTo("x");
        // several paths wrapped together in one directory, pinned once
        Path y = write("y", new byte[] {'y'});
        List<String> both = ok("add", "-w", "-q", f.toString(), y.toString()).lines();
        assertThat(both).hasSize(3);
        assertThat(ok("ls", both.get(2)).lines()).hasSize(2);
        assertThat(ok("pin", "ls", "--type", "recursive", both.get(2)).exitCode()).isZero();
    }

    @Test
    void blockCommands() {
        CliRun.Result put = cli.run("test".getBytes(StandardCharsets.UTF_8), "block", "put");
        assertThat(put.exitCode()).isZero();
        String cid = put.stdout().strip();
        assertThat(cid).isEqualTo("bafkreie7q3iidccmpvszul7kudcvvuavuo7u6gzlbobczuk5nqk3b4akba");
        assertThat(ok("block", "get", cid).stdout()).isEqualTo("test");
        assertThat(ok("block", "stat", cid).stdout()).isEqualTo("Key: " + cid + "\nSize: 4\n");
        assertThat(ok("block", "rm", cid).stdout()).isEqualTo("removed " + cid + "\n");
        fails("block", "stat", cid);
        fails("block", "get", "not-a-cid");
        CliRun.Result big = cli.run(new byte[(1 << 20) + 1], "block", "put");
        assertThat(big.exitCode()).isEqualTo(1);
        assertThat(big.stderr()).contains("larger than 1 MiB");
    }

    @Test
    void pinsProtectContentFromGc() throws IOException {
        byte[] a = new byte[700_000];
        byte[] b = new byte[500_000];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        String keep = ok("add", "-Q", write("a.bin", a).toString()).stdout().strip();
        String drop = ok("add", "-Q", "--pin=false", write("b.bin", b).toString()).stdout().strip();
        assertThat(ok("pin", "ls", "--type", "recursive").stdout()).isEqualTo(keep + " recursive\n");
        assertThat(ok("pin", "ls", "--type", "indirect").lines()).hasSize(3);
        fails("block", "rm", keep);
        CliRun.Result gc = ok("repo", "gc");
        assertThat(gc.lines()).hasSize(3).allMatch(l -> l.startsWith("removed "));
        assertThat(gc.stderr()).startsWith("removed 3 blocks, ").endsWith(" KiB freed\n"); // 500,000 bytes and framing
        assertThat(ok("cat", keep).stdoutBytes()).isEqualTo(a);
        fails("cat", drop);
        ok("pin", "verify");
        ok("pin", "rm", keep);
        ok("repo", "gc");
        fails("cat", keep);
        assertThat(ok("repo", "stat").stdout()).contains("NumObjects: 0");
    }

    @Test
    void dagExportImportRoundTripsThroughAnotherRepo() throws IOException {
        byte[] data = new byte[1_000_000];
        new Random(3).nextBytes(data);
        String root = ok("add", "-Q", write("c.bin", data).toString()).stdout().strip();
        byte[] car = ok("dag", "export", root).stdoutBytes();
        Path carFile = tmp.resolve("c.car");
        Files.write(carFile, car);

        CliRun other = new CliRun(tmp.resolve("repo2"));
        assertThat(other.run("init").exitCode()).isZero();
        CliRun.Result imp = other.run("dag", "import", carFile.toString());
        assertThat(imp.exitCode()).as(imp.toString()).isZero();
        assertThat(imp.stdout()).isEqualTo("Pinned root\t" + root + "\tsuccess\n");
        assertThat(other.run("cat", root).stdoutBytes()).isEqualTo(data);

        // a truncated CAR is refused with a clear error, and what was stored stays intact
        Files.write(carFile, Arrays.copyOf(car, car.length - 100));
        CliRun third = new CliRun(tmp.resolve("repo3"));
        assertThat(third.run("init").exitCode()).isZero();
        CliRun.Result bad = third.run("dag", "import", carFile.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).startsWith("Error: ").contains("truncated");
        assertThat(third.run("repo", "verify").exitCode()).isZero();
    }

    @Test
    void repoVerifyFindsAndQuarantinesACorruptBlock() throws IOException {
        byte[] data = new byte[300_000];
        new Random(4).nextBytes(data);
        String root = ok("add", "-Q", write("v.bin", data).toString()).stdout().strip();
        assertThat(ok("repo", "verify").stdout()).isEqualTo(RepoVerifier.ALL_VALID + "\n");
        Path victim;
        try (Stream<Path> files = Files.walk(tmp.resolve("repo/blocks"))) {
            victim = files.filter(p -> p.toString().endsWith(".data")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 1;
        Files.write(victim, bytes);
        fails("cat", root);
        CliRun.Result v = cli.run("repo", "verify");
        assertThat(v.exitCode()).isEqualTo(1);
        assertThat(v.stdout()).contains("was corrupt");
        assertThat(v.stderr()).startsWith("Error: verify complete, some blocks were corrupt: 1 of ");
        assertThat(ok("repo", "verify").stdout()).isEqualTo(RepoVerifier.ALL_VALID + "\n");
        assertThat(cli.run("pin", "verify").exitCode()).isEqualTo(1);
    }

    @Test
    void configGetSetShow() {
        assertThat(ok("config", "Addresses.API").stdout()).isEqualTo("/ip4/127.0.0.1/tcp/5001\n");
        ok("config", "Addresses.API", "/ip4/127.0.0.1/tcp/5002");
        assertThat(ok("config", "addresses.api").stdout()).isEqualTo("/ip4/127.0.0.1/tcp/5002\n");
        ok("config", "--json", "Peering.Peers", "[{\"ID\":\"12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq\"}]");
        assertThat(ok("config", "show").stdout()).contains("\"Swarm\"").contains("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq")
                .doesNotContain("PrivKey");
        fails("config", "--json", "Datastore.StorageMax", "{not json");
        fails("config", "No.Such.Key");
    }

    @Test
    void badInputGetsOneLineErrors() {
        assertThat(fails("cat", "QmNotACid").stderr()).contains("invalid CID");
        assertThat(fails("add", tmp.resolve("missing").toString()).stderr()).contains("no such file");
        assertThat(fails("init").stderr()).contains("already exists");
        CliRun none = new CliRun(tmp.resolve("nowhere"));
        assertThat(none.run("repo", "stat").stderr()).startsWith("Error: no ferry repo found");
    }

    @Test
    void aSecondWriterIsRefusedWhileTheRepoIsOpen() {
        try (Repo open = Repo.open(tmp.resolve("repo"))) {
            assertThat(fails("repo", "stat").stderr()).contains("in use");
        }
        ok("repo", "stat");
    }
}
