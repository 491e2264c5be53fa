package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.policy.privacy.PrivateContent;
import dev.ferry.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code Exchange.PrivatePaths}: what is added from under those directories is private, without a daemon and with. */
@Timeout(120)
class PrivatePathsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void addsFromUnderAPrivatePathArePrivate() throws Exception {
        Path secret = Files.createDirectories(tmp.resolve("secret"));
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.writeString(secret.resolve("diary.txt"), "dear diary\n");
        Files.writeString(secret.resolve("plans.txt"), "world domination\n");
        Files.writeString(open.resolve("readme.txt"), "hello\n");
        CliRun cli = DaemonFixture.init(tmp, "repo");
        assertThat(cli.run("config", "--json", "Exchange.PrivatePaths", "[\"" + secret + "\"]").exitCode()).isZero();

        CliRun.Result diary = cli.run("add", "-Q", secret.resolve("diary.txt").toString());
        assertThat(diary.exitCode()).as(diary.toString()).isZero();
        assertThat(diary.stderr()).contains("Exchange.PrivatePaths");
        CliRun.Result readme = cli.run("add", "-Q", open.resolve("readme.txt").toString());
        assertThat(readme.exitCode()).as(readme.toString()).isZero();
        assertThat(readme.stderr()).doesNotContain("private");

        // through a daemon the same policy holds
        Running daemon = DaemonFixture.start(tmp, "repo", new byte[0]);
        String plans;
        try {
            CliRun.Result r = daemon.cli().run("add", "-Q", secret.resolve("plans.txt").toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            plans = r.stdout().strip();
        } finally {
            daemon.cli().run("shutdown");
            daemon.exit().get(30, TimeUnit.SECONDS);
        }

        PrivateContent priv = PrivateContent.open(tmp.resolve("repo").resolve(Node.PRIVATE_CONTENT_FILE));
        assertThat(priv.isPrivateRoot(Cid.parse(diary.stdout().strip()))).isTrue();
        assertThat(priv.isPrivateRoot(Cid.parse(plans))).isTrue();
        assertThat(priv.isPrivateRoot(Cid.parse(readme.stdout().strip()))).isFalse();
    }

    @Test
    void aRelativePrivatePathIsAConfigErrorNamingTheKey() throws Exception {
        Files.writeString(tmp.resolve("f.txt"), "x");
        CliRun cli = DaemonFixture.init(tmp, "repo");
        assertThat(cli.run("config", "--json", "Exchange.PrivatePaths", "[\"not/absolute\"]").exitCode()).isZero();
        CliRun.Result r = cli.run("add", "-Q", tmp.resolve("f.txt").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("Exchange.PrivatePaths");
    }
}
