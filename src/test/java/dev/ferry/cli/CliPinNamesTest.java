package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code pin add --name}, {@code add --pin-name}, {@code pin ls --names|--name}: Kubo's lines, with or without a daemon. */
@Timeout(120)
class CliPinNamesTest {
    @TempDir
    Path tmp;

    private static CliRun.Result ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private static String fail(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isNotZero();
        return r.stderr();
    }

    private static final List<List<String>> LISTINGS = List.of(
            List.of("pin", "ls"),
            List.of("pin", "ls", "--names"),
            List.of("pin", "ls", "--names", "-q"),
            List.of("pin", "ls", "--name", "site"),
            List.of("pin", "ls", "-n", "o"),
            List.of("pin", "ls", "--names", "--type", "direct"),
            List.of("pin", "ls", "--names", "--type", "indirect"));

    private static Map<String, String> listings(CliRun cli, String... extra) {
        Map<String, String> out = new LinkedHashMap<>();
        for (List<String> l : LISTINGS) {
            List<String> args = new java.util.ArrayList<>(l);
            args.addAll(List.of(extra));
            out.put(String.join(" ", args), ok(cli, args.toArray(String[]::new)).stdout());
        }
        return out;
    }

    @Test
    void namesWithAndWithoutADaemon() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "node");
        Path dir = tmp.resolve("site");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), "<p>hi</p>\n");
        Path photo = tmp.resolve("photo.jpg");
        Files.writeString(photo, "not really a photo\n");
        String site = ok(cli, "add", "-Q", "-r", "--pin=false", dir.toString()).stdout().strip();
        String photoCid = ok(cli, "add", "-Q", "--pin=false", photo.toString()).stdout().strip();

        assertThat(ok(cli, "pin", "add", "--name", "my site", site).stdout())
                .isEqualTo("pinned " + site + " recursively\n");
        assertThat(ok(cli, "pin", "add", "--recursive=false", "-n", "photo \u00e9", photoCid).stdout())
                .isEqualTo("pinned " + photoCid + " directly\n");
        CliRun.Result notes = cli.run("notes\n".getBytes(StandardCharsets.UTF_8), "add", "-Q", "--pin-name", "notes");
        assertThat(notes.exitCode()).as(notes.toString()).isZero();
        String added = notes.stdout().strip();
        String unnamed = cli.run("plain\n".getBytes(StandardCharsets.UTF_8), "add", "-Q").stdout().strip();

        String all = ok(cli, "pin", "ls", "--names").stdout();
        assertThat(all).contains(site + " recursive my site\n", photoCid + " direct photo \u00e9\n",
                added + " recursive notes\n");
        assertThat(ok(cli, "pin", "ls").stdout()).contains(site + " recursive\n").doesNotContain("my site");
        assertThat(ok(cli, "pin", "ls", "--name", "site").stdout()).isEqualTo(site + " recursive my site\n");
        assertThat(ok(cli, "pin", "ls", "--names", site).stdout()).isEqualTo(site + " recursive my site\n");
        assertThat(ok(cli, "pin", "ls", "--name", "nothing like it").stdout()).isEmpty();
        assertThat(fail(cli, "add", "--pin=false", "--pin-name", "x", photo.toString()))
                .contains("pin-name option requires pin to be set");
        assertThat(fail(cli, "pin", "add", "--name", "x".repeat(256), site))
                .contains("pin name is 256 bytes (max 255 bytes)");
        Map<String, String> offline = listings(cli);
        assertThat(offline.get("pin ls -n o")).contains("photo \u00e9").contains("notes").doesNotContain(unnamed);

        Running d = DaemonFixture.start(tmp, "node", new byte[0]);
        CliRun daemon = d.cli();
        String site2;
        try {
            // the daemon prints the very same lines
            assertThat(listings(daemon)).isEqualTo(offline);
            assertThat(listings(daemon, "--stream")).containsValues(offline.values().toArray(String[]::new));
            assertThat(ok(daemon, "pin", "ls", "--names", site).stdout()).isEqualTo(site + " recursive my site\n");
            assertThat(fail(daemon, "add", "--pin=false", "--pin-name", "x", photo.toString()))
                    .contains("pin-name option requires pin to be set");
            assertThat(fail(daemon, "pin", "add", "--name", "x".repeat(256), site))
                    .contains("pin name is 256 bytes (max 255 bytes)");

            // pinning again renames (as Kubo); through the daemon, and the repository keeps it
            ok(daemon, "pin", "add", "--name", "renamed site", site);
            Path more = tmp.resolve("more.txt");
            Files.writeString(more, "more\n");
            String viaDaemon = ok(daemon, "add", "-Q", "--pin-name", "via daemon", more.toString()).stdout().strip();
            assertThat(ok(daemon, "pin", "ls", "--name", "site").stdout()).isEqualTo(site + " recursive renamed site\n");
            // pin update: the new pin takes the old one's name
            Files.writeString(dir.resolve("about.html"), "<p>about</p>\n");
            site2 = ok(daemon, "add", "-Q", "-r", "--pin=false", dir.toString()).stdout().strip();
            assertThat(ok(daemon, "pin", "update", site, site2).stdout()).isEqualTo("updated " + site + " to " + site2 + "\n");
            assertThat(ok(daemon, "pin", "ls", "--name", "site").stdout()).isEqualTo(site2 + " recursive renamed site\n");
            assertThat(ok(daemon, "pin", "ls", "--name", "via").stdout()).isEqualTo(viaDaemon + " recursive via daemon\n");
            offline = listings(daemon);
            assertThat(daemon.run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        } catch (Throwable t) {
            daemon.run("shutdown");
            throw t;
        }
        // the names survived the daemon's exit, and the repository prints what the daemon printed
        assertThat(listings(cli)).isEqualTo(offline);
        // pin update without a daemon carries the name too
        Files.writeString(dir.resolve("third.html"), "3\n");
        String site3 = ok(cli, "add", "-Q", "-r", "--pin=false", dir.toString()).stdout().strip();
        ok(cli, "pin", "update", site2, site3);
        assertThat(ok(cli, "pin", "ls", "--name", "site").stdout()).isEqualTo(site3 + " recursive renamed site\n");
    }
}
