package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry files ...} on a repository and through a daemon: the same commands print the same. */
@Timeout(120)
class CliFilesTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun cli, byte[] stdin, String... args) {
        CliRun.Result r = cli.run(stdin, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r).isZero();
        return r.stdout();
    }

    private static String ok(CliRun cli, String... args) {
        return ok(cli, new byte[0], args);
    }

    private static String fails(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error: ");
        return r.stderr();
    }

    /** Everything a user does with files, as one transcript of outputs. */
    private List<String> scenario(CliRun cli, Path dataFile) {
        List<String> out = new ArrayList<>();
        out.add(ok(cli, "files", "stat", "/"));
        ok(cli, "hello files".getBytes(StandardCharsets.UTF_8), "files", "write", "-e", "-p", "/docs/hello.txt");
        ok(cli, "files", "write", "--create", "/docs/data.bin", dataFile.toString());
        ok(cli, "files", "write", "-o", "6", "/docs/hello.txt", dataFile.toString(), "-n", "5");
        out.add(ok(cli, "files", "read", "/docs/hello.txt"));
        out.add(ok(cli, "files", "read", "-o", "2", "-n", "3", "/docs/hello.txt"));
        ok(cli, "files", "mkdir", "-p", "--flush=false", "/docs/a/b");
        ok(cli, "files", "mkdir", "--cid-version", "1", "/v1");
        String added = ok(cli, "the added one".getBytes(StandardCharsets.UTF_8), "add", "-Q", "--pin=false").strip();
        ok(cli, "files", "cp", "/ipfs/" + added, "/docs/");
        ok(cli, "add", "-Q", "--to-files", "/docs/a/", dataFile.toString());
        out.add(fails(cli, "add", "--to-files", "/nowhere/", dataFile.toString()));
        out.add(fails(cli, "add", "-w", "--to-files", "/docs/", dataFile.toString()));
        ok(cli, "files", "cp", "/docs/hello.txt", "/v1/hello-copy.txt");
        ok(cli, "files", "mv", "/docs/data.bin", "/docs/a/b");
        out.add(ok(cli, "files", "ls", "/docs"));
        out.add(ok(cli, "files", "ls", "-l", "/docs"));
        out.add(ok(cli, "files", "ls", "-l", "/v1"));
        out.add(ok(cli, "files", "ls", "/docs/a/b/data.bin"));
        out.add(ok(cli, "files", "ls", "/docs/a"));
        out.add(ok(cli, "files", "stat", "--hash", "/docs/a"));
        out.add(ok(cli, "files", "stat", "--format", "<type> <size> <childs>", "/docs/a/b/data.bin"));
        out.add(ok(cli, "files", "stat", "--with-local", "/docs"));
        out.add(ok(cli, "files", "stat", "/ipfs/" + added));
        out.add(ok(cli, "files", "read", "/docs/" + added));
        out.add(fails(cli, "files", "rm", "/docs/a"));
        ok(cli, "files", "rm", "-r", "/docs/a");
        ok(cli, "files", "rm", "--force", "/docs/not-there");
        out.add(fails(cli, "files", "read", "/docs/a/b/data.bin"));
        out.add(fails(cli, "files", "write", "/nope", dataFile.toString()));
        out.add(fails(cli, "files", "mkdir", "relative"));
        out.add(fails(cli, "files", "stat", "--hash", "--size", "/"));
        ok(cli, "files", "chcid", "--cid-version", "1");
        out.add(ok(cli, "files", "flush"));
        out.add(ok(cli, "files", "stat", "/"));
        // UnixFS 1.5 metadata: chmod and touch, shown by stat
        ok(cli, "files", "chmod", "0644", "/docs/hello.txt");
        ok(cli, "files", "touch", "--mtime", "1630937926", "--mtime-nsecs", "5", "/docs/hello.txt");
        out.add(ok(cli, "files", "stat", "/docs/hello.txt"));
        ok(cli, "files", "chmod", "--flush=false", "0o755", "/docs");
        ok(cli, "files", "touch", "--mtime=86400", "/docs");
        out.add(ok(cli, "files", "stat", "--format", "<mode> <mode-octal> <mtime> <mtime-secs> <mtime-nsecs>", "/docs"));
        out.add(fails(cli, "files", "chmod", "8", "/docs"));
        out.add(fails(cli, "files", "chmod", "0644", "/missing"));
        out.add(fails(cli, "files", "touch", "--mtime", "1", "--mtime-nsecs", "1000000000", "/docs"));
        out.add(ok(cli, "files", "flush"));
        return out;
    }

    @Test
    void theSameOnARepoAndThroughADaemon() throws Exception {
        Path data = tmp.resolve("data.bin");
        byte[] bytes = new byte[300_000];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + rnd.nextInt(26)); // text, so that outputs compare as strings
        }
        Files.write(data, bytes);

        CliRun offline = DaemonFixture.init(tmp, "repo");
        List<String> onRepo = scenario(offline, data);
        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        List<String> viaDaemon = scenario(d.cli(), data);
        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();

        assertThat(viaDaemon).isEqualTo(onRepo);
        assertThat(onRepo.get(0)).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn\nSize: 0\n"
                + "CumulativeSize: 4\nChildBlocks: 0\nType: directory\nMode: not set (not set)\nMtime: not set\n");
        assertThat(onRepo.get(1)).isEqualTo("hello " + new String(bytes, 0, 5, StandardCharsets.US_ASCII));
        assertThat(onRepo.get(2)).isEqualTo("llo");
        assertThat(onRepo.get(3)).contains("to-files: MFS destination directory /nowhere/ does not exist");
        assertThat(onRepo.get(4)).contains("not compatible");
        assertThat(lines(onRepo.get(5))).hasSize(3).isSorted().contains("a", "hello.txt")
                .anySatisfy(l -> assertThat(l).startsWith("Qm"));
        assertThat(lines(onRepo.get(6))).hasSize(3).anySatisfy(l -> assertThat(l).startsWith("a/\t"))
                .anySatisfy(l -> assertThat(l).matches("hello\\.txt\tQm\\w+\t11"));
        assertThat(onRepo.get(7)).matches("hello-copy\\.txt\tQm\\w+\t11\n");
        assertThat(onRepo.get(8)).isEqualTo("data.bin\n");
        assertThat(onRepo.get(9)).isEqualTo("b\ndata.bin\n"); // added with --to-files /docs/a/
        assertThat(onRepo.get(10)).startsWith("Qm");
        assertThat(onRepo.get(11)).isEqualTo("file 300000 2\n");
        assertThat(onRepo.get(12)).contains("Local: ").contains("(100.00%)");
        assertThat(onRepo.get(13)).contains("Size: 13").contains("Type: file");
        assertThat(onRepo.get(14)).isEqualTo("the added one");
        assertThat(onRepo.get(15)).contains("is a directory, use -r");
        assertThat(onRepo.get(16)).contains("does not exist");
        assertThat(onRepo.get(17)).contains("/nope: file does not exist");
        assertThat(onRepo.get(18)).contains("leading slash");
        assertThat(onRepo.get(19)).contains("Only one format option");
        assertThat(onRepo.get(20)).startsWith("bafybei");
        assertThat(onRepo.get(21)).startsWith(onRepo.get(20).strip() + "\n");
        assertThat(onRepo.get(22)).endsWith("\nSize: 11\nCumulativeSize: 35\nChildBlocks: 0\nType: file\n"
                + "Mode: -rw-r--r-- (0644)\nMtime: 6 Sep 2021, 14:18:46 UTC\n");
        assertThat(onRepo.get(23)).isEqualTo("drwxr-xr-x 0755 2 Jan 1970, 00:00:00 UTC 86400 0\n");
        assertThat(onRepo.get(24)).contains("invalid mode \"8\"");
        assertThat(onRepo.get(25)).contains("/missing: file does not exist");
        assertThat(onRepo.get(26)).contains("mtime-nsecs out of range");
        // the repository's root survives: a later command (without a daemon) sees the same tree
        assertThat(ok(d.cli(), "files", "flush")).isEqualTo(onRepo.get(27));
    }

    private static List<String> lines(String s) {
        return s.lines().toList();
    }

    @Test
    void humanSizesAsKuboPrintsThem() {
        assertThat(FilesCommand.Stat.humanBytes(0)).isEqualTo("0 B");
        assertThat(FilesCommand.Stat.humanBytes(999)).isEqualTo("999 B");
        assertThat(FilesCommand.Stat.humanBytes(1500)).isEqualTo("1.5 kB");
        assertThat(FilesCommand.Stat.humanBytes(300_123)).isEqualTo("300 kB");
        assertThat(FilesCommand.Stat.humanBytes(82_854_982)).isEqualTo("83 MB");
    }
}
