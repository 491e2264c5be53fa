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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Daemons on 127.0.0.1 (every listener on port 0) running in-process on their own threads, for CLI tests. */
final class DaemonFixture {
    private DaemonFixture() {}

    /** A running daemon; {@code ready} holds its startup lines. */
    record Running(CliRun cli, CompletableFuture<Integer> exit, List<String> ready) {
        String line(String prefix) {
            return ready.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
        }

        String swarm() {
            return line("Swarm listening on ");
        }

        String peerId() {
            return line("Peer identity: ");
        }
    }

    /** Initialises {@code dir/name} for loopback-only use when needed. */
    static CliRun init(Path dir, String name) {
        Path repo = dir.resolve(name);
        CliRun cli = new CliRun(repo);
        if (!Repo.isInitialized(repo)) {
            assertThat(cli.run("init").exitCode()).isZero();
            assertThat(cli.run("config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/0\"]").exitCode()).isZero();
            assertThat(cli.run("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0").exitCode()).isZero();
            assertThat(cli.run("config", "Addresses.Gateway", "/ip4/127.0.0.1/tcp/0").exitCode()).isZero();
        }
        return cli;
    }

    /** Starts a daemon whose repo first gets {@code content} added (when not empty). */
    static Running start(Path dir, String name, byte[] content) throws Exception {
        return start(dir, name, content, new String[0]);
    }

    /** As above, {@code ferry daemon} given {@code options}. */
    static Running start(Path dir, String name, byte[] content, String... options) throws Exception {
        Path repo = dir.resolve(name);
        CliRun cli = init(dir, name);
        if (content.length > 0) {
            assertThat(cli.run(content, "add", "-Q").exitCode()).isZero();
        }
        PipedInputStream pin = new PipedInputStream(1 << 16);
        PrintStream out = new PrintStream(new PipedOutputStream(pin), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try (out) {
                return FerryCli.run(daemonArgs(options), new FerryCli.CliEnv(Map.of("FERRY_PATH", repo.toString()),
                        java.io.InputStream.nullInputStream(), out, System.err, false));
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
                // the daemon closed its output
            }
        });
        return new Running(cli, exit, seen);
    }

    private static String[] daemonArgs(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "daemon";
        System.arraycopy(options, 0, args, 1, options.length);
        return args;
    }
}
