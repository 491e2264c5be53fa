package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry add --mode/--mtime/--mtime-nsecs/--preserve-mode/--preserve-mtime}, offline and through a running
 * daemon (where preserved values travel as each part's own metadata), against Kubo's CIDs for the same commands
 * (ipfs/kubo test/sharness/t0047-add-mode-mtime.sh).
 */
class CliAddMetadataTest {
    private static final long DIR_TIME = 1655158632;

    @TempDir
    Path tmp;

    @Test
    void sameKuboCidsOfflineAndThroughTheDaemon() throws Exception {
        Path files = Files.createDirectory(tmp.resolve("files"));
        Path empty = Files.createFile(files.resolve("test.txt"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
        Path tree = kuboTree(files.resolve("tree"));

        List<String> offline = scenario(DaemonFixture.init(tmp, "repo"), empty, tree);
        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        List<String> viaDaemon = scenario(d.cli(), empty, tree);
        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(viaDaemon).isEqualTo(offline);
    }

    private static List<String> scenario(CliRun cli, Path empty, Path tree) {
        List<String> out = new ArrayList<>();
        String f = empty.toString();
        // MODE is octal whatever its spelling
        for (String mode : List.of("0764", "764", "0o764")) {
            out.add(ok(cli, "add", "-Q", "--mode", mode, f));
            assertThat(out.getLast()).isEqualTo("QmchD3BN8TQ3RW6jPLxSaNkqvfuj7syKhzTRmL4EpyY1Nz\n");
        }
        out.add(ok(cli, "add", "-Q", "--mtime=1603539720", f));
        assertThat(out.getLast()).isEqualTo("QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B\n");
        out.add(ok(cli, "add", "-Q", "--mode=0764", "--mtime=1603539720", "--mtime-nsecs=54321", f));
        assertThat(out.getLast()).isEqualTo("QmUkxrtBA8tPjwCYz1HrsoRfDz6NgKut3asVeHVQNH4C8L\n");
        // a file read from stdin has no file system mode: custom values only
        CliRun.Result stdin = cli.run(new byte[0], "add", "-Q", "--mode=764");
        assertThat(stdin.exitCode()).as(stdin.toString()).isZero();
        out.add(stdin.stdout());
        assertThat(out.getLast()).isEqualTo("QmchD3BN8TQ3RW6jPLxSaNkqvfuj7syKhzTRmL4EpyY1Nz\n");
        // metadata turns CIDv1's raw leaves off: a dag-pb root, still CIDv1
        out.add(ok(cli, "add", "-Q", "--cid-version=1", "--mode=0644", f));
        assertThat(out.getLast()).startsWith("bafybei");
        out.add(ok(cli, "add", "-Q", "--cid-version=1", f));
        assertThat(out.getLast()).startsWith("bafkrei");

        out.add(sorted(ok(cli, "add", "-r", "-q", "--preserve-mode", "--preserve-mtime", tree.toString())));
        assertThat(out.getLast()).isEqualTo(String.join("\n",
                "QmRCG3Pprg4jbhfYBzVzfJVyneFHnBquPGXwvXU3jSuf5j", "QmReHCn4BSJJdtd6Le8Hd8Puai6TmgpPCYb13wyM7FD9AD",
                "QmSioyvQuXetxg7uo8FswGn9XKKEsisDq1HTMzGyWbw2R6", "QmTMoVgJKhPrz9DfkvT132mxyBXNae5azXQ42WbM9abdSE",
                "QmVzXqpuQGCAgRwEbGuE9xe8Fidi1HEXaPKsQEFEbPJW9j", "QmW6Nqy2nziduAp3UGx2a52gtSUsYzhVcZMuPdxBRnwCyP",
                "QmeQwX5qAX18fcPDxDdkfM6ttuFCZetF5hgeUa6ov8D5oc", "QmefofUNwC2U3Xp87rB1x8Aws6AdsDuoXR7B9u2RkEZ4dQ",
                "Qmeu24TFarJwLzJgMTDYDJTr4BMGnzafoSnfxov1513abW", "Qmf82bbFg2e8HmcqiewutVVw5NoMpiXZD57LpLdC1poBuH"));
        out.add(sorted(ok(cli, "add", "-r", "-q", "--mode=0753", tree.toString())));
        assertThat(out.getLast()).startsWith("QmNZ5cyx3f6maXkczwhh3ufjDCh9f3k9zrDhX218ZZGvoV\n")
                .endsWith("Qmf13KNurvAHUfMBhMWvZuftmUikhhGY7ohWVaBDDndFMz");

        out.add(fails(cli, "add", "--raw-leaves", "--mode=644", f));
        assertThat(out.getLast())
                .contains("raw-leaves can't be used with UnixFS metadata like mode or modification time");
        out.add(fails(cli, "add", "--mtime-nsecs=5", f));
        assertThat(out.getLast()).contains("option \"mtime-nsecs\" requires \"mtime\" to be provided as well");
        out.add(fails(cli, "add", "--mode=0x1ff", f));
        assertThat(out.getLast()).contains("octal");
        out.add(fails(cli, "add", "--mode=17777", f));
        assertThat(out.getLast()).contains("above 7777");
        return out;
    }

    private static String ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r.stdout();
    }

    private static String fails(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error: ");
        return r.stderr();
    }

    private static String sorted(String lines) {
        return String.join("\n", lines.strip().lines().sorted().toList());
    }

    /** The tree of Kubo's test, with its modes and times. */
    private static Path kuboTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("dir2/sub1/sub2"));
        Files.createDirectories(root.resolve("dir1"));
        Files.createDirectories(root.resolve("dir3"));
        Path file3 = Files.createFile(root.resolve("dir2/sub1/sub2/file3"));
        Path link1 = Files.createSymbolicLink(root.resolve("dir2/sub1/link1"), Path.of("../sub2/file3"));
        Path file2 = Files.createFile(root.resolve("dir3/file2"));
        Path file1 = Files.createFile(root.resolve("file1"));
        for (Path f : List.of(file1, file2, file3)) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
        for (String dir : List.of("dir1", "dir2", "dir2/sub1", "dir2/sub1/sub2", "dir3")) {
            Files.setPosixFilePermissions(root.resolve(dir), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        mtime(file3, DIR_TIME + 10);
        mtime(link1, DIR_TIME + 20);
        mtime(root.resolve("dir2/sub1/sub2"), DIR_TIME + 30);
        mtime(root.resolve("dir2/sub1"), DIR_TIME + 40);
        mtime(root.resolve("dir2"), DIR_TIME + 50);
        mtime(file2, DIR_TIME + 60);
        mtime(root.resolve("dir3"), DIR_TIME + 70);
        mtime(file1, DIR_TIME + 80);
        mtime(root.resolve("dir1"), DIR_TIME + 90);
        mtime(root, DIR_TIME);
        return root;
    }

    private static void mtime(Path p, long secs) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(Instant.ofEpochSecond(secs)), null, null);
    }
}
