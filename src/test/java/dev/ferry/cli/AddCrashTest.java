package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: {@code ferry add -r} of a large tree runs in a child JVM that is killed with SIGKILL at random
 * moments; after every kill the repository verifies clean and every pin still resolves to a complete DAG.
 */
class AddCrashTest {
    private static final int ROUNDS = 20;

    @TempDir
    Path tmp;

    @Test
    void killNineDuringAddNeverCorruptsTheRepo() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        Path repo = tmp.resolve("repo");
        CliRun cli = new CliRun(repo);
        assertThat(cli.run("init").exitCode()).isZero();

        int killed = 0;
        int completed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path tree = tmp.resolve("tree" + round);
            writeTree(tree, rnd, 40);
            Process p = new ProcessBuilder(childCommand("add", "-Q", "-r", tree.toString(), "--repo", repo.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child" + round + ".log").toFile())
                    .start();
            long delayMs = 150 + rnd.nextInt(1500);
            if (p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                completed++;
                assertThat(p.exitValue()).as("seed %d round %d: %s", seed, round,
                        Files.readString(tmp.resolve("child" + round + ".log"))).isZero();
            } else {
                p.destroyForcibly(); // SIGKILL
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                killed++;
            }
            CliRun.Result verify = cli.run("repo", "verify");
            assertThat(verify.exitCode()).as("seed %d round %d: %s", seed, round, verify).isZero();
            CliRun.Result pins = cli.run("pin", "verify", "--verbose");
            assertThat(pins.exitCode()).as("seed %d round %d: %s", seed, round, pins).isZero();
            deleteTree(tree);
        }
        assertThat(killed).as("seed %d: some adds must be killed mid-way", seed).isGreaterThan(0);
        // the last add finishes: the repo is still fully usable after all those crashes
        Path tree = tmp.resolve("final");
        writeTree(tree, rnd, 10);
        CliRun.Result add = cli.run("add", "-Q", "-r", tree.toString());
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(cli.run("pin", "ls", "--type", "recursive").stdout()).contains(add.stdout().strip());
        System.out.printf("crash test: seed %d, %d killed, %d completed%n", seed, killed, completed);
    }

    private static List<String> childCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.ferry.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void writeTree(Path dir, Random rnd, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path f = dir.resolve("d" + (i % 5)).resolve("sub" + (i % 3)).resolve("f" + i);
            Files.createDirectories(f.getParent());
            byte[] data = new byte[rnd.nextInt(1 << 20)];
            rnd.nextBytes(data);
            Files.write(f, data);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
