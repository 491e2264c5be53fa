package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.node.repo.RepoVerifier;
import dev.ferry.testing.CliRun;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateways as a content source from the command line: one ferry daemon's gateway serves another node, explicitly
 * ({@code get --gateway}) and as the configured fallback when no peer has the content; a lying gateway gets nothing
 * stored.
 */
@Timeout(120)
class GatewaySourceTest {
    @TempDir
    Path tmp;

    private static CliRun.Result ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    @Test
    void contentComesFromAGatewayVerifiedWithAndWithoutADaemon() throws Exception {
        byte[] content = new byte[1_500_000];
        new Random(5).nextBytes(content);
        Running server = DaemonFixture.start(tmp, "server", content);
        String cid = new CliRun(tmp.resolve("x")).run(content, "add", "-Q", "-n").stdout().strip();
        String gateway = "http://127.0.0.1:" + server.line("Gateway server listening on ").replaceAll(".*/tcp/", "");
        try {
            // no daemon: the CLI fetches into its own repository, verified, then writes the file
            CliRun plain = DaemonFixture.init(tmp, "plain");
            ok(plain, "get", cid, "--gateway", gateway, "-o", tmp.resolve("plain.bin").toString());
            assertThat(Files.readAllBytes(tmp.resolve("plain.bin"))).isEqualTo(content);
            assertThat(ok(plain, "repo", "verify").stdout()).contains(RepoVerifier.ALL_VALID);

            // a daemon not connected to anyone, asked to use the gateway for this one request
            Running other = DaemonFixture.start(tmp, "other", new byte[0]);
            try {
                ok(other.cli(), "get", cid, "--gateway", gateway, "-o", tmp.resolve("other.bin").toString());
                assertThat(Files.readAllBytes(tmp.resolve("other.bin"))).isEqualTo(content);
            } finally {
                ok(other.cli(), "shutdown");
                other.exit().get(30, TimeUnit.SECONDS);
            }

            // Gateway.Fallback: no peer has it, so after the delay the configured gateway serves it
            CliRun fallback = DaemonFixture.init(tmp, "fallback");
            ok(fallback, "config", "--json", "Gateway.Fallback", "[\"" + gateway + "\"]");
            ok(fallback, "config", "Gateway.FallbackDelay", "200ms");
            Running f = DaemonFixture.start(tmp, "fallback", new byte[0]);
            try {
                assertThat(ok(f.cli(), "cat", cid, "--timeout", "20s").stdoutBytes()).isEqualTo(content);
            } finally {
                ok(f.cli(), "shutdown");
                f.exit().get(30, TimeUnit.SECONDS);
            }
        } finally {
            ok(server.cli(), "shutdown");
            server.exit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGatewaySendingWrongBytesGetsNothingStored() throws Exception {
        byte[] content = "the real content\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String cid = new CliRun(tmp.resolve("x")).run(content, "add", "-Q", "-n", "--cid-version", "1").stdout().strip();
        HttpServer liar = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        liar.createContext("/", ex -> {
            byte[] body = "not the real content\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/vnd.ipld.raw");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        liar.start();
        try {
            CliRun cli = DaemonFixture.init(tmp, "victim");
            CliRun.Result r = cli.run("get", cid, "--gateway", "http://127.0.0.1:" + liar.getAddress().getPort(),
                    "-o", tmp.resolve("out").toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).startsWith("Error: ");
            assertThat(Files.exists(tmp.resolve("out"))).isFalse();
            assertThat(ok(cli, "repo", "stat").stdout()).contains("NumObjects: 0");
        } finally {
            liar.stop(0);
        }
    }
}
