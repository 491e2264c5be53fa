package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.gc.GarbageCollector;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.content.ContentLock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Pinning Service API from plain HTTP: lifecycle, one namespace per token, refusals in the spec's shape. */
@Timeout(90)
class PinningServiceApiTest {
    @TempDir
    Path tmp;

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RpcTestNode.JSON.readTree(r.body());
    }

    private static JsonNode waitFor(PinningServiceFixture f, String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode s = json(f.call("GET", "/pins/" + id, PinningServiceFixture.ALICE, null));
            if (s.path("status").asText().equals(status) || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aPinIsFetchedFromItsOriginKeptThroughCollectionAndFreedWhenDeleted() throws Exception {
        try (PinningServiceFixture f = PinningServiceFixture.start(tmp)) {
            Cid root = f.addOnOrigin(700_000, 1);
            HttpResponse<String> created = f.call("POST", "/pins", PinningServiceFixture.ALICE,
                    "{\"cid\":\"" + root + "\",\"name\":\"data\",\"origins\":[\"" + f.originAddress() + "\"]}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            JsonNode status = json(created);
            assertThat(status.path("status").asText()).isIn("queued", "pinning", "pinned");
            assertThat(status.path("delegates").get(0).asText()).endsWith("/p2p/" + f.service.host().peerId());
            String id = status.path("requestid").asText();

            JsonNode pinned = waitFor(f, id, "pinned");
            assertThat(pinned.path("status").asText()).isEqualTo("pinned");
            assertThat(Long.parseLong(pinned.path("info").path("dag_size").asText())).isGreaterThan(700_000);
            try (ContentLock.Held held = ContentLock.of(f.service.repo().blocks()).collecting()) {
                new GarbageCollector(f.service.repo().blocks(), f.service.repo().pins(),
                        f.service.pinning().keeper().keptRoots()).collect();
            }
            assertThat(f.service.repo().blocks().has(root)).isTrue();

            // another token sees nothing of it
            assertThat(json(f.call("GET", "/pins", PinningServiceFixture.BOB, null)).path("count").asInt()).isZero();
            HttpResponse<String> foreign = f.call("GET", "/pins/" + id, PinningServiceFixture.BOB, null);
            assertThat(foreign.statusCode()).isEqualTo(404);
            assertThat(json(foreign).path("error").path("reason").asText()).isEqualTo("NOT_FOUND");
            assertThat(f.call("DELETE", "/pins/" + id, PinningServiceFixture.BOB, null).statusCode()).isEqualTo(404);

            assertThat(f.call("DELETE", "/pins/" + id, PinningServiceFixture.ALICE, null).statusCode()).isEqualTo(202);
            try (ContentLock.Held held = ContentLock.of(f.service.repo().blocks()).collecting()) {
                new GarbageCollector(f.service.repo().blocks(), f.service.repo().pins(),
                        f.service.pinning().keeper().keptRoots()).collect();
            }
            assertThat(f.service.repo().blocks().has(root)).isFalse();
        }
    }

    @Test
    void refusalsComeInTheSpecsShape() throws Exception {
        try (PinningServiceFixture f = PinningServiceFixture.start(tmp)) {
            HttpResponse<String> noToken = f.call("GET", "/pins", null, null);
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(json(noToken).path("error").path("reason").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(f.call("GET", "/pins", "wrong", null).statusCode()).isEqualTo(403);

            for (String body : new String[] {"not json", "[]", "{}", "{\"cid\":\"nope\"}", "{\"cid\":5}",
                    "{\"cid\":\"QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u\",\"origins\":[\"/nope\"]}",
                    "{\"cid\":\"QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u\",\"meta\":{\"a\":1}}",
                    "{\"cid\":\"QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u\",\"name\":\"" + "n".repeat(256) + "\"}"}) {
                HttpResponse<String> r = f.call("POST", "/pins", PinningServiceFixture.ALICE, body);
                assertThat(r.statusCode()).as(body).isEqualTo(400);
                assertThat(json(r).path("error").path("reason").asText()).isEqualTo("BAD_REQUEST");
                assertThat(json(r).path("error").path("details").asText()).isNotEmpty();
            }
            HttpResponse<String> huge = f.call("POST", "/pins", PinningServiceFixture.ALICE,
                    "{\"cid\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(huge.statusCode()).isEqualTo(413);
            for (String q : new String[] {"?limit=0", "?limit=1001", "?limit=x", "?status=lost", "?match=fuzzy&name=a",
                    "?before=yesterday", "?cid=nope", "?whatever=1", "?meta=%7B"}) {
                HttpResponse<String> r = f.call("GET", "/pins" + q, PinningServiceFixture.ALICE, null);
                assertThat(r.statusCode()).as(q).isEqualTo(400);
            }
            assertThat(f.call("GET", "/pins/none", PinningServiceFixture.ALICE, null).statusCode()).isEqualTo(404);
            assertThat(f.call("PUT", "/pins", PinningServiceFixture.ALICE, "{}").statusCode()).isEqualTo(405);
            assertThat(f.call("GET", "/elsewhere", PinningServiceFixture.ALICE, null).statusCode()).isEqualTo(404);
            // the twin: a good request on the same service
            HttpResponse<String> ok = f.call("POST", "/pins", PinningServiceFixture.ALICE,
                    "{\"cid\":\"" + f.addOnOrigin(1000, 2) + "\",\"origins\":[\"" + f.originAddress() + "\"]}");
            assertThat(ok.statusCode()).isEqualTo(202);
        }
    }

    @Test
    void listingsFilterAndPageNewestFirst() throws Exception {
        try (PinningServiceFixture f = PinningServiceFixture.start(tmp)) {
            String origin = f.originAddress();
            String[] ids = new String[5];
            for (int i = 0; i < 5; i++) {
                Cid c = f.addOnOrigin(2000 + i, 10 + i);
                ids[i] = json(f.call("POST", "/pins", PinningServiceFixture.ALICE, "{\"cid\":\"" + c + "\",\"name\":\"File-"
                        + i + "\",\"origins\":[\"" + origin + "\"],\"meta\":{\"n\":\"" + (i % 2) + "\"}}"))
                        .path("requestid").asText();
            }
            for (String id : ids) {
                assertThat(waitFor(f, id, "pinned").path("status").asText()).isEqualTo("pinned");
            }
            JsonNode page = json(f.call("GET", "/pins?limit=2", PinningServiceFixture.ALICE, null));
            assertThat(page.path("count").asInt()).isEqualTo(5);
            assertThat(page.path("results").size()).isEqualTo(2);
            assertThat(page.path("results").get(0).path("requestid").asText()).isEqualTo(ids[4]);
            String oldest = page.path("results").get(1).path("created").asText();
            JsonNode next = json(f.call("GET", "/pins?limit=10&before=" + oldest, PinningServiceFixture.ALICE, null));
            assertThat(next.path("count").asInt()).isEqualTo(3);
            assertThat(next.path("results").get(0).path("requestid").asText()).isEqualTo(ids[2]);
            assertThat(json(f.call("GET", "/pins?name=file&match=ipartial", PinningServiceFixture.ALICE, null))
                    .path("count").asInt()).isEqualTo(5);
            assertThat(json(f.call("GET", "/pins?name=file-1&match=iexact", PinningServiceFixture.ALICE, null))
                    .path("count").asInt()).isEqualTo(1);
            assertThat(json(f.call("GET", "/pins?meta=%7B%22n%22%3A%221%22%7D", PinningServiceFixture.ALICE, null))
                    .path("count").asInt()).isEqualTo(2);
            assertThat(json(f.call("GET", "/pins?status=queued,pinning", PinningServiceFixture.ALICE, null))
                    .path("count").asInt()).isZero();
        }
    }
}
