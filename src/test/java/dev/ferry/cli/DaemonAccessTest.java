package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who may use a daemon's HTTP surfaces: loopback only without tokens; with tokens, only their holders. */
@Timeout(120)
class DaemonAccessTest {
    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private int status(String method, String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aNonLoopbackBindWithoutTokensRefusesToStart() {
        CliRun cli = DaemonFixture.init(tmp, "open");
        assertThat(cli.run("config", "Addresses.API", "/ip4/0.0.0.0/tcp/0").exitCode()).isZero();
        CliRun.Result api = cli.run("daemon");
        assertThat(api.exitCode()).isEqualTo(1);
        assertThat(api.stderr()).contains("without access tokens").contains("RPC");

        assertThat(cli.run("config", "Addresses.API", "/ip4/127.0.0.1/tcp/0").exitCode()).isZero();
        assertThat(cli.run("config", "Addresses.Gateway", "/ip4/0.0.0.0/tcp/0").exitCode()).isZero();
        CliRun.Result gw = cli.run("daemon");
        assertThat(gw.exitCode()).isEqualTo(1);
        assertThat(gw.stderr()).contains("without access tokens").contains("gateway");
        // the failed starts released the repository
        assertThat(cli.run("repo", "stat").exitCode()).isZero();
    }

    @Test
    void withTokensOnlyTheirHoldersGetInAndOnlyWhereTheyMay() throws Exception {
        CliRun setup = DaemonFixture.init(tmp, "guarded");
        assertThat(setup.run("config", "--json", "API.Authorizations", """
                {"admin": {"AuthSecret": "bearer:s3cret", "AllowedPaths": ["/api/v0", "/ipfs"]},
                 "reader": {"AuthSecret": "bearer:read-only", "AllowedPaths": ["/api/v0/id"]}}
                """).exitCode()).isZero();
        Running d = DaemonFixture.start(tmp, "guarded", new byte[0]);
        String api = "http://127.0.0.1:" + d.line("RPC API server listening on ").replaceAll(".*/tcp/", "") + "/api/v0/";
        String gw = "http://127.0.0.1:" + d.line("Gateway server listening on ").replaceAll(".*/tcp/", "") + "/ipfs/bafkqaaa?format=raw";
        CliRun admin = new CliRun(tmp.resolve("guarded"), Map.of("FERRY_API_AUTH", "bearer:s3cret"));
        try {
            assertThat(status("POST", api + "id", null)).isEqualTo(401);
            assertThat(status("POST", api + "id", "Bearer wrong")).isEqualTo(403);
            assertThat(status("POST", api + "id", "Bearer read-only")).isEqualTo(200);
            assertThat(status("POST", api + "cat?arg=bafkqaaa", "Bearer read-only")).isEqualTo(403);
            assertThat(status("POST", api + "shutdown", "Bearer read-only")).isEqualTo(403);
            assertThat(status("GET", gw, null)).isEqualTo(401);
            assertThat(status("GET", gw, "Bearer read-only")).isEqualTo(403);
            assertThat(status("GET", gw, "Bearer s3cret")).isEqualTo(200);

            // the CLI without the token is told why, not sent to a repository the daemon holds
            CliRun.Result anonymous = d.cli().run("id");
            assertThat(anonymous.exitCode()).isEqualTo(1);
            assertThat(anonymous.stderr()).contains("access token").contains("FERRY_API_AUTH");
            CliRun.Result withToken = admin.run("id");
            assertThat(withToken.exitCode()).as(withToken.toString()).isZero();
        } finally {
            assertThat(admin.run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }
}
