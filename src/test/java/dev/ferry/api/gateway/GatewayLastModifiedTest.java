package dev.ferry.api.gateway;

import static dev.ferry.api.gateway.GatewayFixture.get;
import static dev.ferry.testing.MetadataDag.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.MetadataDag;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** UnixFS 1.5 mtimes as Last-Modified on deserialized file responses, and If-Modified-Since against them. */
class GatewayLastModifiedTest {
    static final long T_FILE = 1_500_000_000L; // Fri, 14 Jul 2017 02:40:00 GMT
    static final String HTTP_FILE = "Fri, 14 Jul 2017 02:40:00 GMT";
    static GatewayServer server;
    static Cid root;

    @BeforeAll
    static void start() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        MetadataDag dag = new MetadataDag(store);
        Cid web = dag.dir(0755L, at(1_400_000_000L, 0), Map.of(
                "index.html", dag.file("<p>hi</p>", null, at(1_300_000_000L, 0))));
        Cid list = dag.dir(0755L, at(1_400_000_000L, 0), Map.of("x", dag.file("x", null, at(1, 0))));
        root = dag.dir(0755L, at(1_600_000_000L, 0), Map.of(
                "a.txt", dag.file("dated content\n", 0644L, at(T_FILE, 987_654_321)),
                "plain.txt", dag.file("no time\n", null, null),
                "old.txt", dag.file("before the epoch\n", null, at(-5, 0)),
                "future.txt", dag.file("from the future\n", null, at(UnixTime.MAX_SECONDS - 1, 0)),
                "web", web, "list", list));
        server = GatewayFixture.start(store, TestFetcher.Missing.NOT_FOUND, GatewayConfig.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String path(String p) {
        return "/ipfs/" + root + "/" + p;
    }

    @Test
    void aFileWithAnMtimeHasLastModifiedToTheSecond() throws Exception {
        HttpResponse<byte[]> r = get(server, path("a.txt"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Last-Modified")).contains(HTTP_FILE);
        HttpResponse<byte[]> head = GatewayFixture.send(server, "HEAD", path("a.txt"));
        assertThat(head.headers().firstValue("Last-Modified")).contains(HTTP_FILE);
        // a directory's index.html answers with the index's own time
        assertThat(get(server, path("web/")).headers().firstValue("Last-Modified"))
                .contains("Sun, 13 Mar 2011 07:06:40 GMT");
    }

    @Test
    void noUsableMtimeMeansNoLastModified() throws Exception {
        assertThat(get(server, path("plain.txt")).headers().firstValue("Last-Modified")).isEmpty();
        assertThat(get(server, path("old.txt")).headers().firstValue("Last-Modified")).isEmpty();
        // generated listings depend on the gateway's own template too: never dated by the directory (as boxo)
        HttpResponse<byte[]> listing = get(server, path("list/"));
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.headers().firstValue("Last-Modified")).isEmpty();
        assertThat(get(server, path("list/"), "If-Modified-Since", "Fri, 01 Jan 9999 00:00:00 GMT").statusCode())
                .isEqualTo(200);
        // trustless formats carry no Last-Modified
        assertThat(get(server, path("a.txt") + "?format=car").headers().firstValue("Last-Modified")).isEmpty();
        assertThat(get(server, "/ipfs/" + root + "?format=raw").headers().firstValue("Last-Modified")).isEmpty();
    }

    @Test
    void aFutureMtimeIsAnsweredAsNow() throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        HttpResponse<byte[]> r = get(server, path("future.txt"));
        Instant lastModified = HttpDate.parse(r.headers().firstValue("Last-Modified").orElseThrow(), Instant.now())
                .orElseThrow();
        assertThat(lastModified).isBetween(before, Instant.now().plusSeconds(1));
        // so the client's copy dated now is current, one from before is not
        assertThat(get(server, path("future.txt"), "If-Modified-Since",
                HttpDate.format(Instant.now().plusSeconds(5))).statusCode()).isEqualTo(304);
        assertThat(get(server, path("future.txt"), "If-Modified-Since",
                HttpDate.format(Instant.now().minusSeconds(3600))).statusCode()).isEqualTo(200);
    }

    @Test
    void ifModifiedSinceGives304WhenTheFileIsNotNewer() throws Exception {
        HttpResponse<byte[]> same = get(server, path("a.txt"), "If-Modified-Since", HTTP_FILE);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(same.headers().firstValue("Last-Modified")).contains(HTTP_FILE);
        assertThat(same.headers().firstValue("Etag")).isPresent();
        assertThat(same.headers().firstValue("Cache-Control")).isPresent();
        assertThat(GatewayFixture.send(server, "HEAD", path("a.txt"), "If-Modified-Since", HTTP_FILE).statusCode())
                .isEqualTo(304);
        Instant t = Instant.ofEpochSecond(T_FILE);
        assertThat(get(server, path("a.txt"), "If-Modified-Since", HttpDate.format(t.plus(Duration.ofHours(1))))
                .statusCode()).isEqualTo(304);
        HttpResponse<byte[]> older = get(server, path("a.txt"), "If-Modified-Since",
                HttpDate.format(t.minus(Duration.ofHours(1))));
        assertThat(older.statusCode()).isEqualTo(200);
        assertThat(new String(older.body())).isEqualTo("dated content\n");
        // the obsolete forms a recipient must read
        assertThat(get(server, path("a.txt"), "If-Modified-Since", "Friday, 14-Jul-17 02:40:00 GMT").statusCode())
                .isEqualTo(304);
        assertThat(get(server, path("a.txt"), "If-Modified-Since", "Fri Jul 14 02:40:00 2017").statusCode())
                .isEqualTo(304);
        assertThat(get(server, path("a.txt"), "If-Modified-Since", "Fri Jul 14 02:39:59 2017").statusCode())
                .isEqualTo(200);
    }

    @Test
    void ifModifiedSinceIsIgnoredWhenItCannotApply() throws Exception {
        String later = "Fri, 01 Jan 2100 00:00:00 GMT";
        // If-None-Match decides alone when present (RFC 9110 13.2.2)
        assertThat(get(server, path("a.txt"), "If-None-Match", "\"other\"", "If-Modified-Since", later).statusCode())
                .isEqualTo(200);
        String etag = get(server, path("a.txt")).headers().firstValue("Etag").orElseThrow();
        assertThat(get(server, path("a.txt"), "If-None-Match", etag, "If-Modified-Since",
                "Thu, 01 Jan 1970 00:00:01 GMT").statusCode()).isEqualTo(304);
        // no Last-Modified, not a date, several values
        assertThat(get(server, path("plain.txt"), "If-Modified-Since", later).statusCode()).isEqualTo(200);
        for (String bad : new String[] {"yesterday", "Fri, 32 Jul 2017 02:40:00 GMT", "Fri, 14 Jul 2017 02:40:00",
            "Fri, 14 Foo 2017 02:40:00 GMT", "x".repeat(3000), "Fri, 14 Jul 2017 25:40:00 GMT"}) {
            assertThat(get(server, path("a.txt"), "If-Modified-Since", bad).statusCode()).as(bad).isEqualTo(200);
        }
        assertThat(get(server, path("a.txt"), "If-Modified-Since", later, "If-Modified-Since", later).statusCode())
                .isEqualTo(200);
    }

    @Test
    void httpDates() {
        Instant t = Instant.parse("1994-11-06T08:49:37Z");
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(HttpDate.format(t)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(Instant.parse("2001-02-03T04:05:06.999Z"))).isEqualTo(
                "Sat, 03 Feb 2001 04:05:06 GMT");
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", now)).contains(t);
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now)).contains(t);
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994", now)).contains(t);
        // a two-digit year more than 50 years ahead is in the past century
        assertThat(HttpDate.parse("Monday, 01-Jan-74 00:00:00 GMT", now)).contains(Instant.parse(
                "2074-01-01T00:00:00Z"));
        assertThat(HttpDate.parse("Monday, 01-Jan-76 00:00:00 GMT", now)).contains(Instant.parse(
                "1976-01-01T00:00:00Z"));
        assertThat(HttpDate.parse("Mon, 06 Nov 1994 08:49:37 GMT", now)).as("weekday not checked").contains(t);
        assertThat(HttpDate.parse("Sun, 29 Feb 1994 08:49:37 GMT", now)).isEmpty();
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:60 GMT", now)).isEmpty();
        assertThat(HttpDate.parse(null, now)).isEmpty();
        assertThat(HttpDate.parse("", now)).isEmpty();
    }
}
