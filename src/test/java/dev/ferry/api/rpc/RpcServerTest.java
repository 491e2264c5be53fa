package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.http.AccessToken;
import dev.ferry.api.http.HttpAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server itself: routing, methods, option checks, bounds, access tokens and origins. */
@Timeout(60)
class RpcServerTest {
    final HttpClient http = HttpClient.newHttpClient();

    static RpcServer echo(HttpAccess access) throws IOException {
        RpcServer s = RpcServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), access);
        s.register("id", r -> new RpcResponse.Json(Map.of("ID", "me")));
        s.register("cat", Set.of("offset"), r -> new RpcResponse.Json(Map.of("arg", r.arg(), "offset", r.longOption("offset", 0))));
        s.register("fail", r -> new RpcResponse.Stream("text/plain", out -> {
            out.write("partial".getBytes());
            out.flush();
            throw new IOException("broken");
        }));
        return s;
    }

    URI uri(RpcServer s, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + s.address().getPort() + pathAndQuery);
    }

    HttpResponse<String> post(RpcServer s, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routingMethodsAndOptions() throws Exception {
        try (RpcServer s = echo(HttpAccess.loopbackOnly())) {
            assertThat(post(s, "/api/v0/id").body()).contains("\"ID\":\"me\"");
            HttpResponse<String> unknown = post(s, "/api/v0/nope");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("\"Type\":\"error\"").contains("404 page not found");
            assertThat(post(s, "/elsewhere").statusCode()).isEqualTo(404);
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri(s, "/api/v0/id")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(post(s, "/api/v0/id?bogus=1").statusCode()).isEqualTo(400);
            assertThat(post(s, "/api/v0/id?encoding=xml").statusCode()).isEqualTo(400);
            assertThat(post(s, "/api/v0/id?timeout=soon").statusCode()).isEqualTo(400);
            assertThat(post(s, "/api/v0/cat?arg=x&offset=3").body()).contains("\"offset\":3");
            assertThat(post(s, "/api/v0/cat?arg=x&offset=three").statusCode()).isEqualTo(400);
            assertThat(post(s, "/api/v0/cat").statusCode()).isEqualTo(400);
            assertThat(post(s, "/api/v0/id?stream-channels=true&encoding=json").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void oversizedRequestsAreRefusedAndTheServerKeepsServing() throws Exception {
        try (RpcServer s = echo(HttpAccess.loopbackOnly())) {
            assertThat(post(s, "/api/v0/cat?arg=" + "a".repeat(RpcRequest.MAX_QUERY + 10)).statusCode()).isEqualTo(414);
            String[] many = new String[2 * (RpcServer.MAX_HEADERS + 5)];
            for (int i = 0; i < many.length / 2; i++) {
                many[2 * i] = "X-Filler-" + i;
                many[2 * i + 1] = "v";
            }
            assertThat(post(s, "/api/v0/id", many).statusCode()).isEqualTo(431);
            assertThat(post(s, "/api/v0/id", "X-Big", "b".repeat(RpcServer.MAX_HEADER_BYTES + 1)).statusCode())
                    .isEqualTo(431);
            assertThat(post(s, "/api/v0/id").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFailureAfterTheFirstByteTruncatesTheResponse() throws Exception {
        try (RpcServer s = echo(HttpAccess.loopbackOnly())) {
            assertThatThrownBy(() -> post(s, "/api/v0/fail")).isInstanceOf(IOException.class);
            assertThat(post(s, "/api/v0/id").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tokensGuardEveryCommand() throws Exception {
        HttpAccess access = HttpAccess.of(List.of(
                AccessToken.of("admin", "bearer:secret-admin", List.of("/api/v0")),
                AccessToken.of("idonly", "basic:alice:pw", List.of("/api/v0/id"))), List.of());
        try (RpcServer s = echo(access)) {
            assertThat(post(s, "/api/v0/id").statusCode()).isEqualTo(401);
            assertThat(post(s, "/api/v0/id", "Authorization", "Bearer wrong").statusCode()).isEqualTo(403);
            assertThat(post(s, "/api/v0/id", "Authorization", "Bearer secret-admin").statusCode()).isEqualTo(200);
            assertThat(post(s, "/api/v0/cat?arg=x", "Authorization", "Bearer secret-admin").statusCode()).isEqualTo(200);
            String basic = "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes());
            assertThat(post(s, "/api/v0/id", "Authorization", basic).statusCode()).isEqualTo(200);
            HttpResponse<String> denied = post(s, "/api/v0/cat?arg=x", "Authorization", basic);
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).contains("\"Type\":\"error\"");
        }
    }

    @Test
    void nonLoopbackWithoutTokensRefusesToStart() {
        assertThatThrownBy(() -> RpcServer.bind(new InetSocketAddress("0.0.0.0", 0), HttpAccess.loopbackOnly()))
                .isInstanceOf(IOException.class).hasMessageContaining("refusing");
        assertThatThrownBy(() -> RpcServer.bind("0.0.0.0", 0)).isInstanceOf(IOException.class);
    }

    @Test
    void originsAreEchoedOnlyWhenAllowed() throws Exception {
        try (RpcServer s = echo(HttpAccess.of(List.of(), List.of("http://good.example")))) {
            HttpResponse<String> good = post(s, "/api/v0/id", "Origin", "http://good.example");
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.headers().firstValue("Access-Control-Allow-Origin")).contains("http://good.example");
            HttpResponse<String> bad = post(s, "/api/v0/id", "Origin", "http://evil.example");
            assertThat(bad.statusCode()).isEqualTo(403);
            assertThat(bad.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(post(s, "/api/v0/id").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(uri(s, "/api/v0/id"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://good.example").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("POST");
            HttpResponse<String> evilPreflight = http.send(HttpRequest.newBuilder(uri(s, "/api/v0/id"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(evilPreflight.statusCode()).isEqualTo(403);
        }
    }
}
