package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cid-base} and {@code --upgrade-cidv0-in-output} on filestore ls/verify/dups, dag import/stat, refs local,
 * object patch, files write/mkdir/chcid and bitswap wantlist: applied where Kubo applies them (and with the encoder
 * it uses), taken and without effect where Kubo prints CIDs as they are or prints none; on a repo and through a
 * daemon.
 */
@Timeout(120)
class CliCidBaseMoreCommandsTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r.stdout();
    }

    private static String b36(String cid) {
        return Cid.parse(cid).toV1().toString(Multibase.BASE36);
    }

    private CliRun repo() {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        assertThat(cli.run("config", "--json", "Experimental.FilestoreEnabled", "true").exitCode()).isZero();
        return cli;
    }

    @Test
    void onARepo() throws Exception {
        check(repo());
    }

    @Test
    void throughADaemon() throws Exception {
        repo();
        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            check(d.cli());
            wantlist(d.cli());
        } finally {
            d.cli().run("shutdown");
            d.exit().get(30, TimeUnit.SECONDS);
        }
    }

    private void check(CliRun cli) throws Exception {
        // filestore: ls and verify write the keys in the base; dups too
        Path data = Files.createDirectories(tmp.resolve("data"));
        byte[] content = "kept by reference\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(data.resolve("f.txt"), content);
        String leaf = ok(cli, "add", "-Q", "--nocopy", file.toString()).strip();
        String plainLs = ok(cli, "filestore", "ls");
        assertThat(plainLs).startsWith(leaf + " ");
        assertThat(ok(cli, "filestore", "ls", "--cid-base", "base36"))
                .isEqualTo(plainLs.replace(String.format("%-50s", leaf), String.format("%-50s", b36(leaf))));
        assertThat(ok(cli, "filestore", "verify", "--cid-base", "base36", leaf))
                .startsWith("ok      " + b36(leaf) + " ").endsWith(" data/f.txt 0\n");
        assertThat(ok(cli, "filestore", "dups", "--cid-base", "base36")).isEmpty();
        ok(cli, "add", "-Q", "--raw-leaves", file.toString());
        assertThat(ok(cli, "filestore", "dups")).isEqualTo(leaf + "\n");
        assertThat(ok(cli, "filestore", "dups", "--cid-base", "base36")).isEqualTo(b36(leaf) + "\n");
        CliRun.Result bad = cli.run("filestore", "ls", "--cid-base", "nope");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr().strip()).isEqualTo("Error: unsupported multibase encoding: nope");

        // dag import: Kubo's low-level encoder, so a base alone keeps a CIDv0 root as it is
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("a.txt"), "a");
        String root = ok(cli, "add", "-r", "-Q", dir.toString()).strip();
        assertThat(root).startsWith("Qm");
        Path car = tmp.resolve("d.car");
        Files.write(car, cli.run("dag", "export", root).stdoutBytes());
        assertThat(ok(cli, "dag", "import", "--cid-base", "base36", car.toString()))
                .isEqualTo("Pinned root\t" + root + "\tsuccess\n");
        assertThat(ok(cli, "dag", "import", "--upgrade-cidv0-in-output", car.toString()))
                .isEqualTo("Pinned root\t" + Cid.parse(root).toV1() + "\tsuccess\n");
        assertThat(ok(cli, "dag", "import", "--cid-base", "base36", "--upgrade-cidv0-in-output", car.toString()))
                .isEqualTo("Pinned root\t" + b36(root) + "\tsuccess\n");

        // taken, and printed as Kubo prints them: unchanged
        assertThat(ok(cli, "dag", "stat", "--progress=false", "--cid-base", "base36", root))
                .isEqualTo(ok(cli, "dag", "stat", "--progress=false", root)).contains(root);
        assertThat(ok(cli, "refs", "local", "--cid-base", "base36").lines().sorted().toList())
                .isEqualTo(ok(cli, "refs", "local").lines().sorted().toList());
        String empty = ok(cli, "add", "-Q", "-r", Files.createDirectories(tmp.resolve("empty")).toString()).strip();
        String linked = ok(cli, "object", "patch", "add-link", "--cid-base", "base36", empty, "a", root).strip();
        assertThat(linked).startsWith("Qm").isEqualTo(ok(cli, "object", "patch", "add-link", empty, "a", root).strip());
        assertThat(ok(cli, "object", "patch", "rm-link", "--cid-base", "base36", linked, "a").strip()).isEqualTo(empty);

        // files write, mkdir and chcid print no CID, as Kubo's
        assertThat(ok(cli, "files", "mkdir", "--cid-base", "base36", "/m")).isEmpty();
        CliRun.Result write = cli.run("x".getBytes(StandardCharsets.UTF_8), "files", "write", "-e",
                "--cid-base", "base36", "--upgrade-cidv0-in-output", "/m/x");
        assertThat(write.exitCode()).as(write.toString()).isZero();
        assertThat(write.stdout()).isEmpty();
        assertThat(ok(cli, "files", "chcid", "--cid-version", "1", "--cid-base", "base36", "/m")).isEmpty();
        assertThat(ok(cli, "files", "stat", "--hash", "/m")).startsWith("bafy");
    }

    /** bitswap wantlist (a daemon's): the low-level encoder, so only the upgrade turns a CIDv0 into base36. */
    private void wantlist(CliRun cli) throws Exception {
        String missing = Cid.of(0, 0x70, "never stored".getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(missing).startsWith("Qm");
        CompletableFuture<CliRun.Result> fetch = CompletableFuture.supplyAsync(
                () -> cli.run("block", "stat", "--timeout", "20s", missing), r -> Thread.ofVirtual().start(r));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!ok(cli, "bitswap", "wantlist").lines().toList().contains(missing)) {
            assertThat(System.nanoTime()).as("the daemon wants " + missing).isLessThan(end);
            Thread.sleep(100);
        }
        List<String> based = ok(cli, "bitswap", "wantlist", "--cid-base", "base36").lines().toList();
        assertThat(based).contains(missing);
        List<String> upgraded = ok(cli, "bitswap", "wantlist", "--cid-base", "base36", "--upgrade-cidv0-in-output")
                .lines().toList();
        assertThat(upgraded).contains(b36(missing)).doesNotContain(missing);
        assertThat(fetch.get(40, TimeUnit.SECONDS).exitCode()).isEqualTo(1);
    }
}
