package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multibase;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cid-base} and {@code --upgrade-cidv0-in-output}: the same lines on a repo and through a daemon. */
@Timeout(120)
class CliCidBaseTest {
    /** Kubo's own test of {@code add --cid-base=base32}: "base32 test\n" added as CIDv0, printed as v1. */
    private static final String BASE32_TEST = "bafybeibyosqxljd2eptb4ebbtvk7pb4aoxzqa6ttdsflty6rsslz5y6i34";

    @TempDir
    Path tmp;

    private static String ok(CliRun cli, byte[] stdin, String... args) {
        CliRun.Result r = cli.run(stdin, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r.stdout();
    }

    private static String ok(CliRun cli, String... args) {
        return ok(cli, new byte[0], args);
    }

    private static String error(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        return r.stderr().strip();
    }

    @Test
    void onARepo() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        check(cli);
    }

    @Test
    void throughADaemon() throws Exception {
        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            check(d.cli());
            assertThat(ok(d.cli(), "shutdown")).isNotNull();
        } finally {
            d.exit().get(30, TimeUnit.SECONDS);
        }
    }

    private void check(CliRun cli) throws Exception {
        byte[] text = "base32 test\n".getBytes(StandardCharsets.UTF_8);
        String v0 = Cid.parse(BASE32_TEST).toV0().toString();
        // add: a base upgrades the CIDv0 (stdin's name is the CID, printed the same way)
        assertThat(ok(cli, text, "add", "--cid-base=base32")).isEqualTo("added " + BASE32_TEST + " " + BASE32_TEST + "\n");
        assertThat(ok(cli, text, "add", "-q", "--cid-base", "base32", "--upgrade-cidv0-in-output=false"))
                .isEqualTo(v0 + "\n");
        assertThat(ok(cli, text, "add", "-Q", "--upgrade-cidv0-in-output")).isEqualTo(BASE32_TEST + "\n");
        assertThat(ok(cli, text, "add", "-Q")).isEqualTo(v0 + "\n");

        Path dir = tmp.resolve("dir");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.writeString(dir.resolve("sub/b.txt"), "b");
        Cid root = Cid.parse(ok(cli, "add", "-r", "-Q", dir.toString()).strip());
        assertThat(root.version()).isZero();
        String b36 = root.toV1().toString(Multibase.BASE36);

        // ls: every link's CID in the base, upgraded
        List<String> plain = ok(cli, "ls", root.toString()).lines().toList();
        List<String> in36 = ok(cli, "ls", "--cid-base", "base36", root.toString()).lines().toList();
        assertThat(in36).hasSize(plain.size()).hasSize(2);
        for (int i = 0; i < plain.size(); i++) {
            String[] p = plain.get(i).split(" ", 2);
            String[] k = in36.get(i).split(" ", 2);
            assertThat(k[0]).startsWith("k").isEqualTo(Cid.parse(p[0]).toV1().toString(Multibase.BASE36));
            assertThat(k[1]).isEqualTo(p[1]);
        }

        // pin ls: the pinned root in the base
        assertThat(ok(cli, "pin", "ls", "-t", "recursive", "-q", "--cid-base", "base36").lines().toList())
                .contains(b36).doesNotContain(root.toString());
        assertThat(ok(cli, "pin", "ls", "-t", "recursive", "-q", "--cid-base", "base36",
                "--upgrade-cidv0-in-output=false", root.toString())).isEqualTo(root + "\n");

        // block stat takes the options but prints the CID as it is, as Kubo
        assertThat(ok(cli, "block", "stat", "--cid-base", "base36", root.toString()))
                .isEqualTo(ok(cli, "block", "stat", root.toString())).startsWith("Key: " + root + "\n");

        // resolve: without a base, like the path's own CID; with one, in it
        Cid a = Cid.parse(ok(cli, "resolve", root + "/a.txt").strip().substring("/ipfs/".length()));
        assertThat(a.version()).isZero();
        assertThat(ok(cli, "resolve", "/ipfs/" + b36 + "/a.txt"))
                .isEqualTo("/ipfs/" + a.toV1().toString(Multibase.BASE36) + "\n");
        assertThat(ok(cli, "resolve", "--cid-base", "base58btc", "/ipfs/" + b36 + "/a.txt"))
                .isEqualTo("/ipfs/" + a.toV1().toString(Multibase.BASE58BTC) + "\n");
        assertThat(ok(cli, "resolve", "--cid-base", "base32", root + "/sub"))
                .startsWith("/ipfs/bafy").endsWith("\n");

        // files stat: the hash in the base
        assertThat(ok(cli, "files", "stat", "--hash", "/ipfs/" + root)).isEqualTo(root + "\n");
        assertThat(ok(cli, "files", "stat", "--hash", "--cid-base", "base36", "/ipfs/" + root)).isEqualTo(b36 + "\n");

        // refs: every CID in the base
        assertThat(ok(cli, "refs", "--cid-base", "base36", root.toString()).lines())
                .hasSize(2).allMatch(l -> l.startsWith("k") && Cid.parse(l).version() == 1);

        // an unknown base: one line, exit 1, nothing done
        assertThat(error(cli, "add", "--cid-base", "base99", dir.resolve("a.txt").toString()))
                .isEqualTo("Error: unsupported multibase encoding: base99");
        assertThat(error(cli, "ls", "--cid-base", "nope", root.toString()))
                .isEqualTo("Error: unsupported multibase encoding: nope");
        assertThat(error(cli, "files", "stat", "--cid-base", "nope", "/ipfs/" + root))
                .isEqualTo("Error: unsupported multibase encoding: nope");
    }
}
