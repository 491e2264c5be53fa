package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.node.repo.Repo;
import dev.ferry.testing.CliRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.ferry.cli.DaemonFixture.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons on 127.0.0.1: the CLI finds them through the repo's api file and drives them over the RPC API. */
@Timeout(120)
class DaemonTest {
    @TempDir
    Path tmp;

    Running start(String name) throws Exception {
        return DaemonFixture.start(tmp, name, new byte[0]);
    }

    Running start(String name, byte[] content) throws Exception {
        return DaemonFixture.start(tmp, name, content);
    }

    @Test
    void daemonsConnectPingAndShutDownCleanly() throws Exception {
        Running a = start("a");
        Running b = start("b");
        String bSwarm = b.ready().stream().filter(l -> l.startsWith("Swarm listening on ")).findFirst().orElseThrow()
                .substring("Swarm listening on ".length());
        String bId = b.ready().stream().filter(l -> l.startsWith("Peer identity: ")).findFirst().orElseThrow()
                .substring("Peer identity: ".length());

        // while a daemon holds the repo, id goes through its API and shows the real listen address
        CliRun.Result id = a.cli().run("id");
        assertThat(id.exitCode()).as(id.toString()).isZero();
        assertThat(id.stdout()).contains("/ip4/127.0.0.1/tcp/");

        CliRun.Result connect = a.cli().run("swarm", "connect", bSwarm + "/p2p/" + bId);
        assertThat(connect.exitCode()).as(connect.toString()).isZero();
        assertThat(connect.stdout()).isEqualTo("connect " + bId + " success\n");
        assertThat(a.cli().run("swarm", "peers").stdout()).contains("/p2p/" + bId);

        CliRun.Result ping = a.cli().run("ping", bId, "-n", "2");
        assertThat(ping.exitCode()).as(ping.toString()).isZero();
        assertThat(ping.lines().stream().filter(l -> l.startsWith("Pong received: time="))).hasSize(2);

        CliRun.Result disconnect = a.cli().run("swarm", "disconnect", bId);
        assertThat(disconnect.exitCode()).as(disconnect.toString()).isZero();

        assertThat(a.cli().run("shutdown").exitCode()).isZero();
        assertThat(b.cli().run("shutdown").exitCode()).isZero();
        assertThat(a.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(b.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(Files.exists(tmp.resolve("a/api"))).isFalse();
        try (Repo reopened = Repo.open(tmp.resolve("a"))) {
            assertThat(reopened.path()).isEqualTo(tmp.resolve("a"));
        }
        CliRun.Result noDaemon = a.cli().run("swarm", "peers");
        assertThat(noDaemon.exitCode()).isEqualTo(1);
        assertThat(noDaemon.stderr()).contains("needs a running daemon");
    }

    @Test
    void catThroughTheDaemonFetchesOverBitswapAndVerifies() throws Exception {
        byte[] content = new byte[3_000_000];
        new java.util.Random(7).nextBytes(content);
        Running seeder = start("seeder", content);
        String cid = new CliRun(tmp.resolve("x")).run(content, "add", "-Q", "-n").stdout().strip();
        // a fetcher that ignores ferry peers' indexes fetches as a plain IPFS node: over Bitswap
        CliRun fetcherSetup = DaemonFixture.init(tmp, "fetcher");
        assertThat(fetcherSetup.run("config", "--json", "Exchange.UseIndexes", "false").exitCode()).isZero();
        Running fetcher = start("fetcher");
        String seederSwarm = seeder.ready().stream().filter(l -> l.startsWith("Swarm listening on ")).findFirst().orElseThrow()
                .substring("Swarm listening on ".length());
        String seederId = seeder.ready().stream().filter(l -> l.startsWith("Peer identity: ")).findFirst().orElseThrow()
                .substring("Peer identity: ".length());
        assertThat(fetcher.cli().run("swarm", "connect", seederSwarm + "/p2p/" + seederId).exitCode()).isZero();

        CliRun.Result cat = fetcher.cli().run("cat", cid, "--timeout", "20s");
        assertThat(cat.exitCode()).as(cat.stderr()).isZero();
        assertThat(cat.stdoutBytes()).isEqualTo(content);
        CliRun.Result bw = fetcher.cli().run("stats", "bw");
        assertThat(bw.exitCode()).as(bw.toString()).isZero();
        // 3 MB came in over the wire (a little more with framing), so the total is counted in MiB
        assertThat(bw.lines()).anyMatch(l -> l.startsWith("TotalIn: ") && l.endsWith(" MiB"));
        assertThat(bw.stdout()).contains("Limits");
        CliRun.Result stats = fetcher.cli().run("stats", "bitswap");
        assertThat(stats.stdout()).contains("bitswap status").contains("blocks received: 13").contains(seederId);

        // get of a directory through the daemon: fetched over Bitswap, streamed as tar, unpacked safely
        Path dir = tmp.resolve("tree");
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/big.bin"), content);
        Files.writeString(dir.resolve("hello.txt"), "hello\n");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("hello.txt"));
        assertThat(seeder.cli().run("shutdown").exitCode()).isZero();
        assertThat(seeder.exit().get(30, TimeUnit.SECONDS)).isZero();
        CliRun.Result addTree = seeder.cli().run("add", "-Q", "-r", dir.toString());
        assertThat(addTree.exitCode()).as(addTree.toString()).isZero();
        String treeCid = addTree.stdout().strip();
        seeder = start("seeder", new byte[0]);
        String newSwarm = seeder.ready().stream().filter(l -> l.startsWith("Swarm listening on ")).findFirst().orElseThrow()
                .substring("Swarm listening on ".length());
        assertThat(fetcher.cli().run("swarm", "connect", newSwarm + "/p2p/" + seederId).exitCode()).isZero();
        Path got = tmp.resolve("got");
        CliRun.Result get = fetcher.cli().run("get", treeCid, "-o", got.toString(), "--timeout", "20s");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(Files.readAllBytes(got.resolve("sub/big.bin"))).isEqualTo(content);
        assertThat(Files.readString(got.resolve("hello.txt"))).isEqualTo("hello\n");
        assertThat(Files.readSymbolicLink(got.resolve("link"))).isEqualTo(Path.of("hello.txt"));

        // content nobody has: a clear error once the timeout passes
        String missing = new CliRun(tmp.resolve("x")).run("nobody has this".getBytes(StandardCharsets.UTF_8), "add", "-Q", "-n").stdout().strip();
        CliRun.Result none = fetcher.cli().run("cat", missing, "--timeout", "2s");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).startsWith("Error: ").contains(missing);
        CliRun.Result noneGet = fetcher.cli().run("get", missing, "-o", tmp.resolve("none").toString(), "--timeout", "2s");
        assertThat(noneGet.exitCode()).isEqualTo(1);
        assertThat(noneGet.stderr()).startsWith("Error: ").contains(missing);
        assertThat(Files.exists(tmp.resolve("none"))).isFalse();

        assertThat(fetcher.cli().run("shutdown").exitCode()).isZero();
        assertThat(seeder.cli().run("shutdown").exitCode()).isZero();
        assertThat(fetcher.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(seeder.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    /** A daemon in a child JVM, so that it can be killed with SIGKILL. */
    private static Process startChildDaemon(Path repo, List<String> ready) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.ferry.Main", "daemon"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FERRY_PATH", repo.toString());
        Process p = pb.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            ready.add(line);
            if (line.equals("Daemon is ready")) {
                break;
            }
        }
        assertThat(ready).as("child daemon output").contains("Daemon is ready");
        Thread.ofVirtual().start(() -> {
            try {
                lines.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException ignored) {
                // the daemon is gone
            }
        });
        return p;
    }

    @Test
    void aDaemonKilledMidFetchRestartsCleanAndTheFetchCompletes() throws Exception {
        byte[] content = new byte[48 << 20];
        new java.util.Random(11).nextBytes(content);
        Running seeder = start("seeder", content);
        String cid = new CliRun(tmp.resolve("x")).run(content, "add", "-Q", "-n").stdout().strip();
        String seederSwarm = seeder.ready().stream().filter(l -> l.startsWith("Swarm listening on ")).findFirst().orElseThrow()
                .substring("Swarm listening on ".length());
        String seederId = seeder.ready().stream().filter(l -> l.startsWith("Peer identity: ")).findFirst().orElseThrow()
                .substring("Peer identity: ".length());

        Path repo = tmp.resolve("victim");
        CliRun cli = new CliRun(repo);
        assertThat(cli.run("init").exitCode()).isZero();
        assertThat(cli.run("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]").exitCode()).isZero();
        assertThat(cli.run("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0").exitCode()).isZero();
        assertThat(cli.run("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0").exitCode()).isZero();
        // the seeder as a peering peer: the daemon dials it at start, and again after the restart
        assertThat(cli.run("config", "--json", "Peering.Peers",
                "[{\"ID\":\"" + seederId + "\",\"Addrs\":[\"" + seederSwarm + "\"]}]").exitCode()).isZero();

        Process daemon = startChildDaemon(repo, new ArrayList<>());
        try {
            CompletableFuture<CliRun.Result> fetch = CompletableFuture.supplyAsync(
                    () -> cli.run("cat", cid, "--timeout", "30s"), r -> Thread.ofVirtual().start(r));
            long delay = 200 + new java.util.Random().nextInt(400);
            try {
                CliRun.Result early = fetch.get(delay, TimeUnit.MILLISECONDS);
                assertThat(early.exitCode()).as("a fetch that beat the kill is complete").isZero();
                assertThat(early.stdoutBytes()).isEqualTo(content);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // kill -9 in the middle of the transfer
            }
            daemon.destroyForcibly();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            fetch.get(60, TimeUnit.SECONDS); // it ends, one way or the other

            CliRun.Result verify = cli.run("repo", "verify");
            assertThat(verify.exitCode()).as(verify.toString()).isZero();

            daemon = startChildDaemon(repo, new ArrayList<>());
            CliRun.Result again = cli.run("cat", cid, "--timeout", "30s");
            assertThat(again.exitCode()).as(again.stderr()).isZero();
            assertThat(again.stdoutBytes()).isEqualTo(content);
            assertThat(cli.run("shutdown").exitCode()).isZero();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.run("repo", "verify").exitCode()).isZero();
        } finally {
            daemon.destroyForcibly();
            assertThat(seeder.cli().run("shutdown").exitCode()).isZero();
            seeder.exit().get(30, TimeUnit.SECONDS);
        }
    }
}
