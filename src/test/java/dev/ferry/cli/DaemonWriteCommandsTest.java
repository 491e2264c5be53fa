package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.node.repo.RepoVerifier;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a daemon holds the repository, the commands that write to it (add, pin, block, dag, repo, config) go through
 * its RPC API and print what they print without a daemon.
 */
@Timeout(120)
class DaemonWriteCommandsTest {
    @TempDir
    Path tmp;

    private static CliRun.Result ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    void writeCommandsGoThroughTheDaemon() throws Exception {
        Path dir = tmp.resolve("tree");
        Files.createDirectories(dir.resolve("sub"));
        byte[] big = new byte[700_000];
        new Random(3).nextBytes(big);
        Files.write(dir.resolve("sub/big.bin"), big);
        Files.writeString(dir.resolve("hello.txt"), "hello\n");
        Files.writeString(dir.resolve(".hidden"), "not added\n");
        Path file = tmp.resolve("file.txt");
        Files.writeString(file, "one file\n");
        CliRun offline = new CliRun(tmp.resolve("offline"));
        String treeCid = ok(offline, "add", "-Q", "-r", "-n", dir.toString()).stdout().strip();
        String fileCid = ok(offline, "add", "-Q", "-n", file.toString()).stdout().strip();
        String v1Cid = ok(offline, "add", "-Q", "-n", "--cid-version", "1", file.toString()).stdout().strip();

        Running d = DaemonFixture.start(tmp, "node", new byte[0]);
        CliRun cli = d.cli();
        String daemonStat;
        String daemonHumanStat;
        try {
            // add: the same CIDs and lines as without a daemon
            CliRun.Result add = ok(cli, "add", "-r", dir.toString());
            assertThat(add.lines()).contains("added " + treeCid + " tree")
                    .anyMatch(l -> l.endsWith(" tree/sub/big.bin")).anyMatch(l -> l.endsWith(" tree/hello.txt"))
                    .noneMatch(l -> l.contains(".hidden"));
            assertThat(ok(cli, "add", "-Q", file.toString()).stdout().strip()).isEqualTo(fileCid);
            assertThat(ok(cli, "add", "-Q", "--cid-version", "1", file.toString()).stdout().strip()).isEqualTo(v1Cid);
            byte[] piped = "piped\n".getBytes(StandardCharsets.UTF_8);
            String pipedCid = offline.run(piped, "add", "-Q", "-n").stdout().strip();
            CliRun.Result stdin = cli.run(piped, "add");
            assertThat(stdin.exitCode()).as(stdin.toString()).isZero();
            // Kubo names stdin input by its CID
            assertThat(stdin.stdout()).isEqualTo("added " + pipedCid + " " + pipedCid + "\n");
            // stdin has no length: it goes to the daemon as HTTP chunks (here three of 256 KiB and a short one)
            byte[] bigPiped = new byte[3 * 256 * 1024 + 1234];
            new java.util.Random(7).nextBytes(bigPiped);
            String bigPipedCid = offline.run(bigPiped, "add", "-Q", "-n").stdout().strip();
            CliRun.Result bigStdin = cli.run(bigPiped, "add", "-Q");
            assertThat(bigStdin.exitCode()).as(bigStdin.toString()).isZero();
            assertThat(bigStdin.stdout().strip()).isEqualTo(bigPipedCid);

            // private content: stored and readable locally, invisible on the gateway
            Path secret = tmp.resolve("secret.txt");
            Files.writeString(secret, "for trusted peers only\n");
            String secretCid = ok(cli, "add", "-Q", "--private", secret.toString()).stdout().strip();
            assertThat(ok(cli, "cat", secretCid).stdout()).isEqualTo("for trusted peers only\n");
            String gw = "http://127.0.0.1:" + d.line("Gateway server listening on ").replaceAll(".*/tcp/", "");
            var http = java.net.http.HttpClient.newHttpClient();
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw + "/ipfs/" + secretCid)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw + "/ipfs/" + fileCid)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

            // ls and cat read what the daemon stored
            assertThat(ok(cli, "ls", treeCid).lines()).anyMatch(l -> l.endsWith(" hello.txt")).anyMatch(l -> l.endsWith(" sub/"));
            assertThat(ok(cli, "cat", treeCid + "/sub/big.bin").stdoutBytes()).isEqualTo(big);

            // pins
            assertThat(ok(cli, "pin", "ls", "--type", "recursive").stdout()).contains(treeCid + " recursive")
                    .contains(fileCid + " recursive");
            ok(cli, "pin", "rm", fileCid);
            assertThat(ok(cli, "pin", "ls", "--type", "recursive").stdout()).doesNotContain(fileCid);
            ok(cli, "pin", "add", fileCid);
            assertThat(ok(cli, "pin", "ls", "-q", "--type", "recursive").stdout()).contains(fileCid);
            assertThat(ok(cli, "pin", "verify").exitCode()).isZero();

            // blocks
            Path raw = tmp.resolve("raw.bin");
            Files.writeString(raw, "a raw block\n");
            String blockCid = ok(cli, "block", "put", raw.toString()).stdout().strip();
            assertThat(blockCid).startsWith("bafk");
            assertThat(ok(cli, "block", "get", blockCid).stdout()).isEqualTo("a raw block\n");
            assertThat(ok(cli, "block", "stat", blockCid).stdout()).contains("Size: 12");
            assertThat(ok(cli, "block", "rm", blockCid).stdout()).contains("removed " + blockCid);
            assertThat(cli.run("block", "stat", "--timeout", "1s", blockCid).exitCode()).isEqualTo(1);

            // dag export from the daemon, import into it again after GC dropped the unpinned copy
            CliRun.Result car = ok(cli, "dag", "export", fileCid);
            ok(cli, "pin", "rm", fileCid);
            CliRun.Result gc = ok(cli, "repo", "gc");
            // the summary the offline command prints, bytes included (the RPC lines carry each block's size)
            assertThat(gc.lines()).isNotEmpty().allMatch(l -> l.startsWith("removed "));
            assertThat(gc.stderr()).startsWith("removed " + gc.lines().size() + " blocks, ").endsWith(" freed\n")
                    .doesNotContain(" 0 B freed");
            assertThat(cli.run("block", "stat", "--timeout", "1s", fileCid).exitCode()).isEqualTo(1);
            Path carFile = tmp.resolve("file.car");
            Files.write(carFile, car.stdoutBytes());
            assertThat(ok(cli, "dag", "import", carFile.toString()).stdout()).contains("Pinned root\t" + fileCid + "\tsuccess");
            assertThat(ok(cli, "cat", fileCid).stdout()).isEqualTo("one file\n");

            // repo
            assertThat(ok(cli, "repo", "stat").stdout()).contains("NumObjects: ");
            assertThat(ok(cli, "repo", "verify").exitCode()).isZero();

            // config through the daemon
            ok(cli, "config", "Datastore.StorageMax", "20GB");
            assertThat(ok(cli, "config", "Datastore.StorageMax").stdout().strip()).isEqualTo("20GB");
            assertThat(ok(cli, "config", "show").stdout()).contains("20GB");

            // get with a progress bar: the daemon announces the size, the bar reaches it
            CliRun.Result get = cli.run("get", treeCid + "/sub/big.bin", "-o", tmp.resolve("out.bin").toString(), "--progress");
            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(Files.readAllBytes(tmp.resolve("out.bin"))).isEqualTo(big);
            assertThat(get.stderr()).contains("100.0%");
            daemonStat = ok(cli, "repo", "stat").stdout();
            daemonHumanStat = ok(cli, "repo", "stat", "--human").stdout();
        } finally {
            assertThat(cli.run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
        // repo stat says the same with and without the daemon
        assertThat(daemonStat).contains("StorageMax: 20000000000\n", "Version:    fs-repo@1\n");
        assertThat(daemonHumanStat).contains("StorageMax: 18.63 GiB\n");
        assertThat(ok(cli, "repo", "stat").stdout()).isEqualTo(daemonStat);
        assertThat(ok(cli, "repo", "stat", "--human").stdout()).isEqualTo(daemonHumanStat);
        // what the daemon wrote is there without it
        assertThat(ok(cli, "pin", "ls", "-q", "--type", "recursive").stdout()).contains(treeCid).contains(fileCid);
        assertThat(ok(cli, "repo", "verify").stdout()).isEqualTo(RepoVerifier.ALL_VALID + "\n");
    }

    @Test
    void repoVerifyReportsCorruptBlocksAlikeWithAndWithoutTheDaemon() throws Exception {
        byte[] data = new byte[900_000]; // four blocks of file data and a root
        new Random(8).nextBytes(data);
        Running d = DaemonFixture.start(tmp, "node", data);
        CliRun cli = d.cli();
        Path blocks = tmp.resolve("node/blocks");
        CliRun.Result viaDaemon;
        try {
            corruptOneBlock(blocks);
            viaDaemon = cli.run("repo", "verify");
            assertThat(ok(cli, "repo", "verify").stdout()).isEqualTo(RepoVerifier.ALL_VALID + "\n"); // quarantined
        } finally {
            assertThat(cli.run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
        corruptOneBlock(blocks);
        CliRun.Result offline = cli.run("repo", "verify");
        for (CliRun.Result r : List.of(viaDaemon, offline)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.lines()).singleElement().asString().startsWith("block ")
                    .endsWith(" was corrupt (hash mismatch), moved to quarantine");
            assertThat(r.stderr().strip()).matches("Error: verify complete, some blocks were corrupt: 1 of [0-9]+");
        }
        assertThat(viaDaemon.stderr()).contains("1 of 5");
        assertThat(offline.stderr()).contains("1 of 4");
        try (Stream<Path> quarantined = Files.list(tmp.resolve("node/quarantine"))) {
            assertThat(quarantined.count()).isEqualTo(2);
        }
    }

    /** Flips one bit in the middle of the first block file found. */
    private static void corruptOneBlock(Path blocks) throws Exception {
        Path victim;
        try (Stream<Path> files = Files.walk(blocks)) {
            victim = files.filter(p -> p.toString().endsWith(".data")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 1;
        Files.write(victim, bytes);
    }
}
