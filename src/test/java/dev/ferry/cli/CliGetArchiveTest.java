package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry get -a/-C/-l}: the archives Kubo saves, named as Kubo names them, the same bytes from the repo itself
 * and through a daemon; read back with java.util.zip and the system's tar.
 */
@Timeout(180)
class CliGetArchiveTest {
    static final String MISSING = "bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @TempDir
    Path tmp;

    byte[] big;

    private String content(CliRun cli) throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        big = new byte[1_500_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ("ferry gets archives ".charAt((i + i / 4099) % 20));
        }
        Files.write(src.resolve("sub/big.bin"), big);
        Files.writeString(tmp.resolve("src/a.txt"), "hello archive");
        CliRun.Result added = cli.run("add", "-r", "-Q", tmp.resolve("src").toString());
        assertThat(added.exitCode()).as(added.toString()).isZero();
        return added.stdout().strip();
    }

    private static CliRun.Result ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    private static CliRun.Result fails(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        return r;
    }

    static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    Path untar(Path archive) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "x");
        Process p = new ProcessBuilder("tar", archive.toString().endsWith(".gz") ? "-xzf" : "-xf",
                archive.toString(), "-C", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return dir;
    }

    void assertTree(Path dir) throws IOException {
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("hello archive");
        assertThat(Files.readAllBytes(dir.resolve("sub/big.bin"))).isEqualTo(big);
    }

    /** Every form, saved under {@code prefix}; returns the saved files' bytes by form. */
    private Map<String, byte[]> getAll(CliRun cli, String root, String prefix) throws Exception {
        Map<String, byte[]> saved = new LinkedHashMap<>();
        Path tar = tmp.resolve(prefix + "-t.tar");
        CliRun.Result r = ok(cli, "get", root, "-a", "-o", tmp.resolve(prefix + "-t").toString());
        assertThat(r.stderr()).contains("Saving archive to " + tar);
        assertThat(tmp.resolve(prefix + "-t")).doesNotExist();
        assertTree(untar(tar).resolve(root));
        saved.put("tar", Files.readAllBytes(tar));

        Path tgz = tmp.resolve(prefix + "-z.tar.gz");
        ok(cli, "get", root, "--archive", "--compress", "-o", tmp.resolve(prefix + "-z").toString());
        assertTree(untar(tgz).resolve(root));
        assertThat(gunzip(tgz)).isEqualTo(saved.get("tar"));
        saved.put("tgz", Files.readAllBytes(tgz));

        // a name that already ends as it should is kept; level 1 deflates less than the default 6
        Path fast = tmp.resolve(prefix + "-fast.tar.gz");
        ok(cli, "get", root, "-a", "-C", "-l", "1", "-o", fast.toString());
        assertThat(gunzip(fast)).isEqualTo(saved.get("tar"));
        assertThat(Files.size(fast)).isGreaterThan(Files.size(tgz));
        saved.put("fast", Files.readAllBytes(fast));

        // a file compressed without -a: its own bytes gzipped, NAME.gz
        Path gz = tmp.resolve(prefix + "-big.gz");
        ok(cli, "get", root + "/sub/big.bin", "-C", "--compression-level=9", "-o", tmp.resolve(prefix + "-big")
                .toString());
        assertThat(gunzip(gz)).isEqualTo(big);
        saved.put("gz", Files.readAllBytes(gz));

        r = fails(cli, "get", root, "-C", "-o", tmp.resolve(prefix + "-dir").toString());
        assertThat(r.stderr()).contains("file is not regular");
        assertThat(tmp.resolve(prefix + "-dir.gz")).doesNotExist();
        for (String level : new String[] {"0", "10"}) {
            r = fails(cli, "get", root, "-a", "-C", "-l", level, "-o", tmp.resolve(prefix + "-bad").toString());
            assertThat(r.stderr()).contains("compression level must be between 1 and 9");
            assertThat(tmp.resolve(prefix + "-bad.tar.gz")).doesNotExist();
        }
        // without -C a level is not looked at, as in Kubo: the files are unpacked
        ok(cli, "get", root, "-l", "10", "-o", tmp.resolve(prefix + "-plain").toString());
        assertTree(tmp.resolve(prefix + "-plain"));

        r = fails(cli, "get", root, "-a", "-o", tmp.resolve(prefix + "-t").toString());
        assertThat(r.stderr()).contains("already exists");
        assertThat(Files.readAllBytes(tar)).isEqualTo(saved.get("tar"));
        return saved;
    }

    @Test
    void archivesFromTheRepoAndThroughADaemonAreTheSameBytes() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        String root = content(cli);
        Map<String, byte[]> local = getAll(cli, root, "local");
        fails(cli, "get", MISSING, "-a", "-C", "-o", tmp.resolve("local-missing").toString());
        assertThat(tmp.resolve("local-missing.tar.gz")).doesNotExist();

        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            Map<String, byte[]> daemon = getAll(d.cli(), root, "daemon");
            assertThat(daemon.keySet()).isEqualTo(local.keySet());
            for (String form : local.keySet()) {
                assertThat(daemon.get(form)).as(form).isEqualTo(local.get(form));
            }
            fails(d.cli(), "get", MISSING, "-a", "-C", "--timeout", "300ms", "-o",
                    tmp.resolve("daemon-missing").toString());
            assertThat(tmp.resolve("daemon-missing.tar.gz")).doesNotExist();
        } finally {
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }
}
