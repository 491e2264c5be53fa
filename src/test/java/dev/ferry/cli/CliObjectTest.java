package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry object patch add-link|rm-link}, on a repo and through a daemon: the patched directory has the CID that
 * {@code ferry add -r} gives the same tree, and Kubo's errors come out as {@code Error: ...}. ROOT may come after the
 * action or before it ({@code patch ROOT add-link NAME REF}), with the same results.
 */
@Timeout(90)
class CliObjectTest {
    /** Kubo's empty UnixFS directory: {@code Data{Type=Directory}}, CIDv0. */
    private static final byte[] EMPTY_DIRECTORY = {0x0a, 0x02, 0x08, 0x01};

    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    private static String add(CliRun cli, String content) {
        return ok(cli.run(content.getBytes(StandardCharsets.UTF_8), "add", "-Q"));
    }

    private String addTree(CliRun cli, String name, String... pathsAndContents) throws Exception {
        Path dir = tmp.resolve("trees").resolve(name);
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path p = dir.resolve(pathsAndContents[i]);
            Files.createDirectories(p.getParent());
            Files.writeString(p, pathsAndContents[i + 1]);
        }
        return ok(cli.run("add", "-r", "-Q", dir.toString()));
    }

    /** Builds a/x.txt and b/c/y.txt from the empty directory, removes links, checks the trees against adds. */
    private void patchAndCheck(CliRun cli, String tag) throws Exception {
        String empty = ok(cli.run(EMPTY_DIRECTORY, "block", "put", "--cid-codec", "dag-pb", "--cid-version", "0"));
        assertThat(empty).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        String x = add(cli, "ex");
        String y = add(cli, "why");
        String one = ok(cli.run("object", "patch", "add-link", "--create", empty, "a/x.txt", x));
        String two = ok(cli.run("object", "patch", "add-link", "-p", "/ipfs/" + one, "b/c/y.txt", "/ipfs/" + y));
        assertThat(two).isEqualTo(addTree(cli, tag + "2", "a/x.txt", "ex", "b/c/y.txt", "why"));
        // ROOT before the action: the same edits
        assertThat(ok(cli.run("object", "patch", "/ipfs/" + one, "add-link", "-p", "b/c/y.txt", "/ipfs/" + y)))
                .isEqualTo(two);
        assertThat(ok(cli.run("object", "patch", empty, "add-link", "--create", "a/x.txt", x))).isEqualTo(one);
        assertThat(ok(cli.run("object", "patch", two, "rm-link", "b/c/y.txt")))
                .isEqualTo(ok(cli.run("object", "patch", "rm-link", two, "b/c/y.txt")));
        String less = ok(cli.run("object", "patch", "rm-link", two, "b/c/y.txt"));
        assertThat(less).isEqualTo(ok(cli.run("object", "patch", "add-link", "-p", "/ipfs/" + one, "b/c", empty)));
        String three = ok(cli.run("object", "patch", "rm-link", two, "a"));
        assertThat(three).isEqualTo(addTree(cli, tag + "3", "b/c/y.txt", "why"));
        assertThat(cli.run("cat", three + "/b/c/y.txt").stdout()).isEqualTo("why");

        CliRun.Result missing = cli.run("object", "patch", "rm-link", three, "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr().strip()).isEqualTo("Error: no link by that name");
        assertThat(cli.run("object", "patch", three, "rm-link", "nope").stderr().strip())
                .isEqualTo("Error: no link by that name");
        CliRun.Result onFileBefore = cli.run("object", "patch", x, "add-link", "z", y);
        assertThat(onFileBefore.exitCode()).isEqualTo(1);
        assertThat(onFileBefore.stderr()).startsWith("Error: cannot add named links to a UnixFS File node");
        CliRun.Result onFile = cli.run("object", "patch", "add-link", x, "z", y);
        assertThat(onFile.exitCode()).isEqualTo(1);
        assertThat(onFile.stderr()).startsWith("Error: cannot add named links to a UnixFS File node");
        assertThat(ok(cli.run("object", "patch", "add-link", "--allow-non-unixfs", x, "z", y))).isNotEqualTo(x);
        // nothing patched is pinned
        assertThat(cli.run("pin", "ls", "--type", "recursive").stdout()).doesNotContain(less).doesNotContain(one);
    }

    /** ROOT in both places, or in neither, or no action at all: a usage error before anything is read. */
    @Test
    void rootGivenTwiceOrNotAtAllIsAUsageError() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "usage");
        String x = add(cli, "ex");
        String dir = addTree(cli, "usage", "a.txt", "a");
        for (String[] bad : new String[][] {
                {"object", "patch", dir, "add-link", dir, "n", x},
                {"object", "patch", "add-link", dir, "n"},
                {"object", "patch", "add-link", dir, "n", x, "extra"},
                {"object", "patch", dir, "rm-link"},
                {"object", "patch", dir, "rm-link", dir, "a.txt"}}) {
            CliRun.Result r = cli.run(bad);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            String action = bad[2].equals("add-link") ? "add-link" : bad[3];
            assertThat(r.stderr()).as(r.toString()).contains(action.equals("add-link")
                    ? "Error: add-link takes ROOT NAME REF, or NAME REF when ROOT comes before it"
                    + " ('object patch ROOT add-link NAME REF')"
                    : "Error: rm-link takes ROOT NAME, or NAME when ROOT comes before it")
                    .contains("See 'ferry object patch " + action + " --help'.");
        }
        for (String[] bad : new String[][] {{"object", "patch", dir}, {"object", "patch"}}) {
            CliRun.Result r = cli.run(bad);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr()).as(r.toString()).contains("Error: Missing required subcommand: add-link or rm-link");
        }
        assertThat(ok(cli.run("object", "patch", "add-link", "--help"))).contains(
                "ferry object patch add-link [OPTIONS] ROOT NAME REF",
                "   or: ferry object patch ROOT add-link [OPTIONS] NAME REF");
        assertThat(ok(cli.run("object", "patch", "--help"))).contains("[ROOT]", "add-link", "rm-link");
    }

    @Test
    void patchesOnARepo() throws Exception {
        patchAndCheck(DaemonFixture.init(tmp, "repo"), "repo");
    }

    @Test
    void patchesThroughADaemon() throws Exception {
        Running d = DaemonFixture.start(tmp, "daemon", new byte[0]);
        try {
            patchAndCheck(d.cli(), "daemon");
        } finally {
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
        }
    }
}
