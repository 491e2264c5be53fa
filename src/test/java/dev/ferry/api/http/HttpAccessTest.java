package dev.ferry.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import dev.ferry.node.repo.RepoConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpAccessTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);

    private static Headers headers(Map<String, String> h) {
        Headers out = new Headers();
        h.forEach(out::add);
        return out;
    }

    @Test
    void withoutTokensOnlyLoopbackCallersAreServed() {
        HttpAccess a = HttpAccess.loopbackOnly();
        assertThat(a.check("/api/v0/id", headers(Map.of()), LOOPBACK)).isEmpty();
        assertThat(a.check("/api/v0/id", headers(Map.of()), REMOTE)).get()
                .extracting(HttpAccess.Denial::status).isEqualTo(403);
    }

    @Test
    void withoutTokensBindingBeyondLoopbackIsRefused() throws Exception {
        HttpAccess a = HttpAccess.loopbackOnly();
        a.checkBind(InetAddress.getLoopbackAddress(), "RPC API");
        assertThatThrownBy(() -> a.checkBind(InetAddress.getByName("0.0.0.0"), "RPC API"))
                .isInstanceOf(IOException.class).hasMessageContaining("without access tokens");
        HttpAccess withToken = HttpAccess.of(List.of(AccessToken.of("a", "bearer:s3cret", List.of("/api/v0"))), List.of());
        withToken.checkBind(InetAddress.getByName("0.0.0.0"), "RPC API");
    }

    @Test
    void bearerAndBasicTokensAreCheckedAndScopedToTheirPaths() {
        HttpAccess a = HttpAccess.of(List.of(
                AccessToken.of("reader", "bearer:read-only", List.of("/api/v0/id", "/api/v0/cat")),
                AccessToken.of("admin", "basic:root:pw:with:colons", List.of("/api/v0"))), List.of());
        assertThat(a.check("/api/v0/id", headers(Map.of()), REMOTE)).get()
                .extracting(HttpAccess.Denial::status).isEqualTo(401);
        assertThat(a.check("/api/v0/id", headers(Map.of("Authorization", "Bearer wrong")), REMOTE)).get()
                .extracting(HttpAccess.Denial::status).isEqualTo(403);
        assertThat(a.check("/api/v0/id", headers(Map.of("Authorization", "Bearer read-only")), REMOTE)).isEmpty();
        assertThat(a.check("/api/v0/cat", headers(Map.of("Authorization", "bearer read-only")), REMOTE)).isEmpty();
        assertThat(a.check("/api/v0/shutdown", headers(Map.of("Authorization", "Bearer read-only")), REMOTE)).get()
                .extracting(HttpAccess.Denial::status).isEqualTo(403);
        // a prefix matches whole segments only
        assertThat(a.check("/api/v0/idx", headers(Map.of("Authorization", "Bearer read-only")), REMOTE)).isPresent();
        String basic = "Basic " + Base64.getEncoder().encodeToString("root:pw:with:colons".getBytes(StandardCharsets.UTF_8));
        assertThat(a.check("/api/v0/shutdown", headers(Map.of("Authorization", basic)), REMOTE)).isEmpty();
        assertThat(a.check("/api/v0/shutdown", headers(Map.of("Authorization", "Basic !!notbase64")), REMOTE)).isPresent();
        // the bearer secret is not accepted as a basic credential and vice versa
        String bearerAsBasic = "Basic " + Base64.getEncoder().encodeToString("read-only".getBytes(StandardCharsets.UTF_8));
        assertThat(a.check("/api/v0/id", headers(Map.of("Authorization", bearerAsBasic)), REMOTE)).isPresent();
    }

    @Test
    void crossOriginRequestsNeedAnAllowedOrigin() {
        HttpAccess none = HttpAccess.loopbackOnly();
        assertThat(none.check("/api/v0/id", headers(Map.of("Origin", "https://evil.example")), LOOPBACK)).get()
                .extracting(HttpAccess.Denial::status).isEqualTo(403);
        HttpAccess some = HttpAccess.of(List.of(), List.of("https://app.example"));
        assertThat(some.check("/api/v0/id", headers(Map.of("Origin", "https://app.example")), LOOPBACK)).isEmpty();
        assertThat(some.check("/api/v0/id", headers(Map.of("Origin", "https://evil.example")), LOOPBACK)).isPresent();
    }

    @Test
    void tokensAndOriginsComeFromKuboShapedConfig() {
        RepoConfig cfg = RepoConfig.parse("""
                {"API": {"Authorizations": {"ci": {"AuthSecret": "bearer:t0k", "AllowedPaths": ["/api/v0/id", "/ipfs"]}},
                         "HTTPHeaders": {"Access-Control-Allow-Origin": ["https://app.example"]}},
                 "Gateway": {"HTTPHeaders": {"Access-Control-Allow-Origin": ["*"]}}}
                """);
        HttpAccess api = HttpAccessConfig.api(cfg);
        HttpAccess gw = HttpAccessConfig.gateway(cfg);
        assertThat(api.requiresTokens()).isTrue();
        assertThat(api.allowedOrigins()).containsExactly("https://app.example");
        assertThat(gw.allowedOrigins()).containsExactly("*");
        assertThat(gw.check("/ipfs/bafkqaaa", headers(Map.of("Authorization", "Bearer t0k")), REMOTE)).isEmpty();
        assertThat(api.check("/api/v0/cat", headers(Map.of("Authorization", "Bearer t0k")), REMOTE)).isPresent();
        assertThat(HttpAccessConfig.api(RepoConfig.defaults(null)).requiresTokens()).isFalse();
    }

    @Test
    void malformedTokenConfigIsAClearError() {
        assertThatThrownBy(() -> HttpAccessConfig.api(RepoConfig.parse(
                "{\"API\": {\"Authorizations\": {\"x\": {\"AuthSecret\": \"plain\", \"AllowedPaths\": [\"/api/v0\"]}}}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bearer:");
        assertThatThrownBy(() -> HttpAccessConfig.api(RepoConfig.parse(
                "{\"API\": {\"Authorizations\": {\"x\": {\"AuthSecret\": \"bearer:a\", \"AllowedPaths\": []}}}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AllowedPaths");
        assertThatThrownBy(() -> HttpAccessConfig.api(RepoConfig.parse(
                "{\"API\": {\"Authorizations\": {\"x\": {\"AuthSecret\": \"bearer:a\", \"AllowedPaths\": [\"api\"]}}}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starting with '/'");
    }
}
