package dev.ferry.routing.delegated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.routing.ipns.IpnsName;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Records put to delegated publishers on 127.0.0.1: one that takes them, one that refuses, one that hangs. */
@Timeout(20)
class DelegatedPublishersTest {
    private static final IpnsName NAME = new IpnsName(PeerId.fromPublicKey(
            Ed25519PrivateKey.generate(new SecureRandom()).publicKey()));
    private static final byte[] RECORD = {10, 3, 1, 2, 3};
    private static final DelegatedRouter.Limits SHORT = new DelegatedRouter.Limits(Duration.ofMillis(700),
            Duration.ofSeconds(2), 4096, 3);

    private final List<HttpServer> servers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    /** What each publisher received: method, content type and body, by path. */
    private final Map<String, String> received = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        release.countDown();
        servers.forEach(s -> s.stop(0));
    }

    /** A publisher answering {@code status} ({@code 0}: never answers) to any request. */
    private URI publisher(String label, int status) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            received.put(label, x.getRequestMethod() + " " + x.getRequestURI().getPath() + " "
                    + x.getRequestHeaders().getFirst("Content-Type") + " " + java.util.Arrays.toString(body));
            if (status == 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] answer = (status == 500 ? "datastore is down" : "").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(answer);
            }
        });
        s.start();
        servers.add(s);
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
    }

    @Test
    void aRecordIsPutAsTheSpecSays() throws IOException {
        URI ok = publisher("ok", 200);
        URI noContent = publisher("204", 204);
        try (DelegatedRouters rs = DelegatedRouters.of(List.of(), List.of(ok, noContent), SHORT)) {
            assertThat(rs.isEmpty()).isTrue(); // publishers are not routers: nothing is asked of them
            assertThat(rs.publishers()).containsExactly(ok, noContent);
            assertThat(rs.putIpns(NAME, RECORD)).containsExactly(PublisherAnswer.accepted(ok),
                    PublisherAnswer.accepted(noContent));
        }
        assertThat(received.get("ok")).isEqualTo("PUT /routing/v1/ipns/" + NAME
                + " application/vnd.ipfs.ipns-record [10, 3, 1, 2, 3]");
        assertThat(received).containsKey("204");
    }

    @Test
    void aRefusalNamesThePublisherAndItsStatus() throws IOException {
        URI refusing = publisher("500", 500);
        try (DelegatedRouters rs = DelegatedRouters.of(List.of(), List.of(refusing), SHORT);
             java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            DelegatedRouter one = new DelegatedRouter(refusing, http, SHORT);
            assertThatThrownBy(() -> one.putIpns(NAME, RECORD)).isInstanceOf(DelegatedRoutingException.class)
                    .hasMessageContaining(refusing.toString()).hasMessageContaining("HTTP 500")
                    .hasMessageContaining("datastore is down");
            assertThat(rs.putIpns(NAME, RECORD)).singleElement().satisfies(a -> {
                assertThat(a.isAccepted()).isFalse();
                assertThat(a.failure()).contains(refusing.toString(), "HTTP 500");
            });
        }
    }

    @Test
    void oneThatHangsOrRefusesDoesNotStopTheOthers() throws IOException {
        URI hangs = publisher("hangs", 0);
        URI refusing = publisher("500", 500);
        URI ok = publisher("ok", 200);
        URI closed = URI.create("http://127.0.0.1:" + closedPort());
        try (DelegatedRouters rs = DelegatedRouters.of(List.of(), List.of(hangs, refusing, ok, closed), SHORT)) {
            long start = System.nanoTime();
            List<PublisherAnswer> answers = rs.putIpns(NAME, RECORD);
            // side by side: the hanging one costs its timeout once, not once per publisher
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(answers).extracting(PublisherAnswer::publisher).containsExactly(hangs, refusing, ok, closed);
            assertThat(answers).extracting(PublisherAnswer::isAccepted).containsExactly(false, false, true, false);
            assertThat(answers.getFirst().failure()).isNotBlank();
            assertThat(answers.getLast().failure()).isNotBlank();
        }
        assertThat(received).containsKeys("hangs", "500", "ok");
    }

    @Test
    void withoutPublishersNothingIsPut() {
        assertThat(DelegatedRouters.none().putIpns(NAME, RECORD)).isEmpty();
        assertThat(DelegatedRouters.none().publishers()).isEmpty();
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
