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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree added with {@code --preserve-mode --preserve-mtime} comes back from {@code ferry get} with the modes and
 * modification times it had (to the nanosecond), offline and through a daemon; a mode set with {@code files chmod}
 * and a time set with {@code files touch} come back too.
 */
class CliMetadataRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void preservedMetadataComesBackFromGet() throws Exception {
        Path src = tree(tmp.resolve("src"));
        Map<String, String> before = describe(src);

        CliRun offline = DaemonFixture.init(tmp, "repo");
        String cid = added(offline.run("add", "-r", "-Q", "--preserve-mode", "--preserve-mtime", src.toString()));
        Path out = tmp.resolve("out");
        CliRun.Result got = offline.run("get", cid, "-o", out.toString());
        assertThat(got.exitCode()).as(got.toString()).isZero();
        assertThat(describe(out)).isEqualTo(before);

        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        try {
            String viaDaemon = added(d.cli().run("add", "-r", "-Q", "--preserve-mode", "--preserve-mtime",
                    src.toString()));
            assertThat(viaDaemon).isEqualTo(cid);
            Path out2 = tmp.resolve("out2");
            got = d.cli().run("get", cid, "-o", out2.toString());
            assertThat(got.exitCode()).as(got.toString()).isZero();
            assertThat(describe(out2)).isEqualTo(before);

            // chmod and touch in the MFS, then get what they made
            assertThat(d.cli().run("files", "cp", "/ipfs/" + cid, "/t").exitCode()).isZero();
            assertThat(d.cli().run("files", "chmod", "600", "/t/docs/a.txt").exitCode()).isZero();
            assertThat(d.cli().run("files", "touch", "--mtime", "1234567890", "--mtime-nsecs", "5",
                    "/t/docs/a.txt").exitCode()).isZero();
            CliRun.Result stat = d.cli().run("files", "stat", "--hash", "/t");
            assertThat(stat.exitCode()).as(stat.toString()).isZero();
            Path out3 = tmp.resolve("out3");
            got = d.cli().run("get", stat.stdout().strip(), "-o", out3.toString());
            assertThat(got.exitCode()).as(got.toString()).isZero();
            Map<String, String> expected = new TreeMap<>(before);
            expected.put("docs/a.txt", "rw------- " + Instant.ofEpochSecond(1234567890, 5));
            Map<String, String> after = describe(out3);
            // the directories above the changed file were written again, with their own metadata kept
            assertThat(after).isEqualTo(expected);
        } finally {
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    private static String added(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    /** Files and directories with varied modes and nanosecond times; directories' times set after their contents. */
    private static Path tree(Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/deep"));
        Files.createDirectories(root.resolve("bin"));
        write(root.resolve("docs/a.txt"), "alpha\n", "rw-r-----", 1_600_000_000L, 123_456_789);
        write(root.resolve("docs/deep/b.txt"), "beta".repeat(100_000), "r--r--r--", 1_500_000_000L, 1);
        write(root.resolve("bin/run"), "#!/bin/sh\necho hi\n", "rwxr-xr-x", 1_400_000_000L, 0);
        write(root.resolve("empty"), "", "rw-------", 1_300_000_000L, 999_999_999);
        stamp(root.resolve("docs/deep"), "rwxr-x---", 1_200_000_000L, 42);
        stamp(root.resolve("docs"), "rwx------", 1_100_000_000L, 0);
        stamp(root.resolve("bin"), "rwxr-xr-x", 1_000_000_000L, 7);
        stamp(root, "rwxr-xr-x", 1_650_000_000L, 500);
        return root;
    }

    private static void write(Path p, String content, String perms, long secs, int nanos) throws IOException {
        Files.writeString(p, content);
        stamp(p, perms, secs, nanos);
    }

    private static void stamp(Path p, String perms, long secs, int nanos) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(Instant.ofEpochSecond(secs, nanos)), null, null);
    }

    /** Every entry below {@code root} (and the root as ""): permissions and modification time. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String perms = PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                Instant t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                m.put(root.relativize(p).toString().replace('\\', '/'), perms + " " + t);
            }
        }
        return m;
    }
}
