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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons on 127.0.0.1: the CLI finds them through the repo's api file and drives them over the RPC API. */
@Timeout(120)
class DaemonTest {
    @TempDir
    Path tmp;

    /** A daemon running on its own thread; {@code ready} holds its startup lines. */
    record Running(CliRun cli, CompletableFuture<Integer> exit, List<String> ready) {}

    Running start(String name) throws Exception {
        Path repo = tmp.resolve(name);
        CliRun cli = new CliRun(repo);
        assertThat(cli.run("init").exitCode()).isZero();
        assertThat(cli.run("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]").exitCode()).isZero();
        assertThat(cli.run("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0").exitCode()).isZero();
        PipedInputStream pin = new PipedInputStream(1 << 16);
        PrintStream out = new PrintStream(new PipedOutputStream(pin), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try (out) {
                return dev.ferry.cli.FerryCli.run(new String[] {"daemon"},
                        new FerryCli.CliEnv(Map.of("FERRY_PATH", repo.toString()), java.io.InputStream.nullInputStream(), out, System.err, false));
            }
        }, r -> Thread.ofVirtual().start(r));
        BufferedReader lines = new BufferedReader(new InputStreamReader(pin, StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null) {
            seen.add(line);
            if (line.equals("Daemon is ready")) {
                break;
            }
        }
        assertThat(seen).as("daemon output").contains("Daemon is ready");
        Thread.ofVirtual().start(() -> {
            try {
                lines.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException ignored) {
                // daemon closed its output
            }
        });
        return new Running(cli, exit, seen);
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

        // content added before the daemon started is readable through it
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
}
