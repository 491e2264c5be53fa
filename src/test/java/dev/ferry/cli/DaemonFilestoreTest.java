package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add --nocopy} and {@code filestore ...} through a running daemon give what they give on the repository. */
class DaemonFilestoreTest {
    @TempDir
    Path tmp;

    private static CliRun.Result ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    void nocopyThroughTheDaemon() throws Exception {
        byte[] big = new byte[600_000];
        new Random(11).nextBytes(big);
        Path dir = tmp.resolve("data/tree");
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/big.bin"), big);
        Files.writeString(dir.resolve("small.txt"), "small\n");
        CliRun offline = new CliRun(tmp.resolve("offline"));
        String expected = ok(offline, "add", "-Q", "-r", "-n", "--raw-leaves", dir.toString()).stdout().strip();

        CliRun setup = DaemonFixture.init(tmp, "node");
        ok(setup, "config", "--json", "Experimental.FilestoreEnabled", "true");
        Running d = DaemonFixture.start(tmp, "node", new byte[0]);
        CliRun cli = d.cli();
        try {
            CliRun.Result add = ok(cli, "add", "-r", "--nocopy", dir.toString());
            assertThat(add.lines()).last().isEqualTo("added " + expected + " tree");
            List<String> ls = ok(cli, "filestore", "ls", "--file-order").lines();
            assertThat(ls).hasSize(4); // small.txt and the three leaves of big.bin, paths relative to the repo's parent
            assertThat(ls.get(0)).contains(" data/tree/small.txt 0");
            assertThat(ls.subList(1, 4)).allMatch(l -> l.contains(" data/tree/sub/big.bin "));
            assertThat(ok(cli, "filestore", "verify").lines()).hasSize(4).allMatch(l -> l.startsWith("ok      "));
            assertThat(ok(cli, "cat", expected + "/sub/big.bin").stdoutBytes()).isEqualTo(big);
            assertThat(ok(cli, "filestore", "dups").stdout()).isEmpty();

            byte[] changed = big.clone();
            changed[599_999] ^= 1;
            Files.write(dir.resolve("sub/big.bin"), changed);
            assertThat(ok(cli, "filestore", "verify", "--file-order").lines())
                    .filteredOn(l -> l.startsWith("changed ")).hasSize(1).allMatch(l -> l.endsWith(" 524288"));
            CliRun.Result cat = cli.run("cat", expected + "/sub/big.bin");
            assertThat(cat.exitCode()).isEqualTo(1);
            assertThat(cat.stderr()).startsWith("Error: ");
            // the daemon keeps serving the rest
            assertThat(ok(cli, "cat", expected + "/small.txt").stdout()).isEqualTo("small\n");

            // outside the root: Kubo's error, from the daemon
            Path outside = Files.writeString(tmp.getParent().resolve(tmp.getFileName() + "-out.txt"), "o");
            try {
                CliRun.Result refused = cli.run("add", "--nocopy", outside.toString());
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.stderr()).contains("cannot add filestore references outside ipfs root");
            } finally {
                Files.delete(outside);
            }
            ok(cli, "config", "--json", "Experimental.FilestoreEnabled", "false");
            for (List<String> off : List.of(List.of("filestore", "ls"), List.of("add", "-r", "--nocopy", dir.toString()))) {
                CliRun.Result r = cli.run(off.toArray(String[]::new));
                assertThat(r.exitCode()).as(off.toString()).isEqualTo(1);
                assertThat(r.stderr().strip()).isEqualTo(CliFilestoreTest.NOT_ENABLED);
            }
        } finally {
            assertThat(cli.run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
        // the references outlive the daemon: the repository lists them without it
        assertThat(ok(cli, "config", "--json", "Experimental.FilestoreEnabled", "true").exitCode()).isZero();
        assertThat(ok(cli, "filestore", "ls").lines()).hasSize(4);
    }
}
