package dev.ferry.api.gateway;

import static dev.ferry.api.gateway.GatewayFixture.get;
import static dev.ferry.api.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.json.DagJson;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTML preview a browser gets for dag-json and dag-cbor documents, and what every other client still gets. */
@Timeout(60)
class GatewayDagPreviewTest {
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final String HOSTILE = "<script>alert('x')</script>&\"";

    @TempDir
    static Path tmp;
    static GatewayFixture fx;
    static GatewayServer server;
    static Cid hello;
    static Block doc;
    static Block jsonDoc;
    static Block parent;

    @BeforeAll
    static void start() throws IOException {
        fx = new GatewayFixture(tmp);
        hello = fx.resolve(fx.site, "hello.txt");
        Map<String, CborValue> m = new LinkedHashMap<>();
        m.put("n", CborInteger.of(7));
        m.put("site", new CborLink(fx.site));
        m.put("list", new CborArray(List.of(new CborLink(hello), new CborBytes(new byte[] {1, 2, 3}))));
        m.put(HOSTILE, new CborText(HOSTILE + "</pre><img src=x onerror=alert(1)>"));
        doc = Block.create(1, Multicodec.DAG_CBOR.code(), DagCbor.encode(new CborMap(m)));
        jsonDoc = Block.create(1, Multicodec.DAG_JSON.code(), DagJson.encode(new CborMap(Map.of("doc",
                new CborLink(doc.cid()), "note", new CborText("a dag-json document")))));
        parent = Block.create(1, Multicodec.DAG_CBOR.code(), DagCbor.encode(new CborMap(Map.of("child",
                new CborLink(jsonDoc.cid())))));
        List.of(doc, jsonDoc, parent).forEach(fx.store::put);
        server = GatewayFixture.start(fx.store, TestFetcher.Missing.NOT_FOUND, GatewayConfig.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String h(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aBrowserIsRedirectedToTheTrailingSlashThenGetsThePage() throws Exception {
        HttpResponse<byte[]> moved = get(server, "/ipfs/" + doc.cid() + "?x=1", "Accept", BROWSER);
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(h(moved, "Location")).isEqualTo("/ipfs/" + doc.cid() + "/?x=1");
        assertThat(h(moved, "Vary")).isEqualTo("Accept");
        assertThat(h(moved, "Cache-Control")).isNull();

        HttpResponse<byte[]> page = get(server, "/ipfs/" + doc.cid() + "/", "Accept", BROWSER);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(h(page, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(h(page, "Etag")).isEqualTo("\"DagIndex-" + DagPreview.VERSION + "_CID-" + doc.cid() + "\"");
        assertThat(h(page, "Vary")).isEqualTo("Accept");
        assertThat(h(page, "Cache-Control")).isNull();
        assertThat(h(page, "Content-Disposition")).isNull();
        assertThat(h(page, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(h(page, "X-Ipfs-Path")).isEqualTo("/ipfs/" + doc.cid() + "/");
        assertThat(h(page, "X-Ipfs-Roots")).isEqualTo(doc.cid().toString());
        String html = text(page);
        assertThat(html).contains("<code>" + doc.cid() + "</code>", "dag-cbor (0x71)",
                "Size: " + doc.data().length + " bytes");
        // every link is an anchor to /ipfs/cid, inside indented dag-json in dag-json key order
        assertThat(html).contains("\"site\": {\"/\": \"<a href=\"/ipfs/" + fx.site + "\">" + fx.site + "</a>\"}");
        assertThat(html).contains("  \"list\": [\n    {\"/\": \"<a href=\"/ipfs/" + hello + "\">" + hello
                + "</a>\"},\n    {\"/\": {\"bytes\": \"AQID\"}}\n  ],\n  \"n\": 7,\n");
        assertThat(html.indexOf("&lt;script&gt;")).isLessThan(html.indexOf("\"list\""));
        // the downloads, relative to this URL, each as an attachment
        for (String f : List.of("raw", "dag-json", "dag-cbor", "cbor")) {
            assertThat(html).contains("<a href=\"?format=" + f + "&amp;download=true\"");
        }
        assertThat(html).doesNotContain("?format=json&amp;");
        assertThat(html).doesNotContain("Preview cut");
    }

    @Test
    void hostileKeysAndStringsAreEscaped() throws Exception {
        String html = text(get(server, "/ipfs/" + doc.cid() + "/", "Accept", "text/html"));
        assertThat(html).doesNotContain("<script>", "<img", "</pre><");
        assertThat(html).contains("\"&lt;script&gt;alert('x')&lt;/script&gt;&amp;\\\"\": "
                + "\"&lt;script&gt;alert('x')&lt;/script&gt;&amp;\\\"&lt;/pre&gt;&lt;img src=x "
                + "onerror=alert(1)&gt;\"");
    }

    @Test
    void everyOtherClientGetsWhatItGotBefore() throws Exception {
        String path = "/ipfs/" + doc.cid();
        // no Accept, curl's */*: the block as stored, now varying on Accept
        for (String[] headers : List.of(new String[0], new String[] {"Accept", "*/*"})) {
            HttpResponse<byte[]> r = get(server, path, headers);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(doc.data());
            assertThat(h(r, "Content-Type")).isEqualTo("application/vnd.ipld.dag-cbor");
            assertThat(h(r, "Etag")).isEqualTo("\"" + doc.cid() + "\"");
            assertThat(h(r, "Vary")).isEqualTo("Accept");
            assertThat(h(r, "Cache-Control")).isEqualTo(Responses.IMMUTABLE);
        }
        // an explicit format, by query or by Accept, wins over the browser's text/html
        HttpResponse<byte[]> asJson = get(server, path + "?format=dag-json", "Accept", BROWSER);
        assertThat(h(asJson, "Content-Type")).isEqualTo("application/vnd.ipld.dag-json");
        assertThat(h(asJson, "Content-Disposition")).startsWith("inline;");
        HttpResponse<byte[]> byAccept = get(server, path, "Accept", "application/vnd.ipld.dag-json");
        assertThat(byAccept.body()).isEqualTo(asJson.body());
        assertThat(get(server, path, "Accept", "application/vnd.ipld.raw").body()).isEqualTo(doc.data());
        assertThat(get(server, path + "?format=raw", "Accept", BROWSER).body()).isEqualTo(doc.data());
        // download=true: the bytes, as an attachment (the page's links)
        HttpResponse<byte[]> download = get(server, path + "/?download=true", "Accept", BROWSER);
        assertThat(download.body()).isEqualTo(doc.data());
        assertThat(h(download, "Content-Disposition")).isEqualTo("attachment; filename=\"" + doc.cid() + ".cbor\"");
        assertThat(h(get(server, path + "/?format=dag-json&download=true", "Accept", BROWSER),
                "Content-Disposition")).isEqualTo("attachment; filename=\"" + doc.cid() + ".json\"");
        // text/html with q=0 is no preference for it
        assertThat(get(server, path, "Accept", "text/html;q=0, */*").body()).isEqualTo(doc.data());
    }

    @Test
    void jsonAndCborCodecsAndUnixfsKeepTheirBytes() throws Exception {
        Block json = Block.create(1, Multicodec.JSON.code(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        Block cbor = Block.create(1, Multicodec.CBOR.code(), new byte[] {(byte) 0x82, 0x01, (byte) 0xf5});
        List.of(json, cbor).forEach(fx.store::put);
        for (Block b : List.of(json, cbor)) {
            HttpResponse<byte[]> r = get(server, "/ipfs/" + b.cid() + "/", "Accept", BROWSER);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(b.data());
        }
        assertThat(get(server, "/ipfs/" + fx.site + "/hello.txt", "Accept", BROWSER).body()).isEqualTo(fx.hello);
    }

    @Test
    void headAndIfNoneMatch() throws Exception {
        String path = "/ipfs/" + jsonDoc.cid() + "/";
        HttpResponse<byte[]> page = get(server, path, "Accept", BROWSER);
        HttpResponse<byte[]> head = send(server, "HEAD", path, "Accept", BROWSER);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(h(head, "Content-Length")).isEqualTo(Integer.toString(page.body().length));
        assertThat(h(head, "Etag")).isEqualTo(h(page, "Etag"));
        assertThat(h(head, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(text(page)).contains("dag-json (0x129)", "<a href=\"?format=json&amp;download=true\"",
                "\"note\": \"a dag-json document\"");
        // each representation revalidates against its own tag only
        assertThat(get(server, path, "Accept", BROWSER, "If-None-Match", h(page, "Etag")).statusCode())
                .isEqualTo(304);
        assertThat(get(server, path, "Accept", BROWSER, "If-None-Match", "\"" + jsonDoc.cid() + "\"").statusCode())
                .isEqualTo(200);
        assertThat(get(server, path, "If-None-Match", h(page, "Etag")).statusCode()).isEqualTo(200);
        assertThat(get(server, path, "If-None-Match", "\"" + jsonDoc.cid() + "\"").statusCode()).isEqualTo(304);
    }

    @Test
    void aDocumentReachedThroughAPathIsPreviewedWithAbsoluteDownloads() throws Exception {
        HttpResponse<byte[]> moved = get(server, "/ipfs/" + parent.cid() + "/child", "Accept", BROWSER);
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(h(moved, "Location")).isEqualTo("/ipfs/" + parent.cid() + "/child/");
        HttpResponse<byte[]> page = get(server, "/ipfs/" + parent.cid() + "/child/", "Accept", BROWSER);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(h(page, "X-Ipfs-Roots")).isEqualTo(parent.cid() + "," + jsonDoc.cid());
        assertThat(h(page, "Etag")).contains(jsonDoc.cid().toString());
        String html = text(page);
        assertThat(html).contains("<a href=\"/ipfs/" + jsonDoc.cid() + "?format=dag-cbor&amp;download=true\"");
        assertThat(html).contains("<a href=\"/ipfs/" + doc.cid() + "\">");
        // the link the page offers answers
        assertThat(get(server, "/ipfs/" + jsonDoc.cid() + "?format=dag-cbor&download=true").statusCode())
                .isEqualTo(200);
        // a path ending inside a document is what it was
        assertThat(get(server, "/ipfs/" + doc.cid() + "/n/", "Accept", BROWSER).statusCode()).isEqualTo(501);
    }

    @Test
    void onASubdomainHostTheRedirectStaysOnTheSite() throws Exception {
        String moved = GatewayFixture.rawExchange(server, "GET /child?x=1 HTTP/1.1\r\nHost: " + parent.cid()
                + ".ipfs.localhost\r\nAccept: " + BROWSER + "\r\nConnection: close\r\n\r\n");
        assertThat(moved).startsWith("HTTP/1.1 301").containsIgnoringCase("Location: /child/?x=1\r\n");
        String page = GatewayFixture.rawExchange(server, "GET / HTTP/1.1\r\nHost: " + doc.cid()
                + ".ipfs.localhost\r\nAccept: " + BROWSER + "\r\nConnection: close\r\n\r\n");
        assertThat(page).startsWith("HTTP/1.1 200").contains("<a href=\"?format=dag-json&amp;download=true\"");
    }

    @Test
    void onASubdomainHostLinksGoToTheGateway() throws Exception {
        // "/ipfs/CID" on a subdomain origin is a path inside its root: links name the gateway instead
        String page = GatewayFixture.rawExchange(server, "GET / HTTP/1.1\r\nHost: " + doc.cid()
                + ".ipfs.localhost:8080\r\nAccept: " + BROWSER + "\r\nConnection: close\r\n\r\n");
        assertThat(page).startsWith("HTTP/1.1 200")
                .contains("{\"/\": \"<a href=\"//localhost:8080/ipfs/" + fx.site + "\">" + fx.site + "</a>\"}")
                .doesNotContain("href=\"/ipfs/");
        String child = GatewayFixture.rawExchange(server, "GET /child/ HTTP/1.1\r\nHost: " + parent.cid()
                + ".ipfs.localhost\r\nAccept: " + BROWSER + "\r\nConnection: close\r\n\r\n");
        assertThat(child).startsWith("HTTP/1.1 200")
                .contains("<a href=\"//localhost/ipfs/" + jsonDoc.cid() + "?format=dag-cbor&amp;download=true\"")
                .contains("<a href=\"//localhost/ipfs/" + doc.cid() + "\">");
    }

    @Test
    void aLargeBlockIsCutAndSaysSo() throws Exception {
        List<CborValue> items = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            items.add(new CborText("item number " + i + " <b>"));
        }
        Block big = Block.create(1, Multicodec.DAG_CBOR.code(), DagCbor.encode(new CborArray(items)));
        assertThat(big.data().length).isLessThan(2 * 1024 * 1024);
        fx.store.put(big);
        String html = text(get(server, "/ipfs/" + big.cid() + "/", "Accept", BROWSER));
        assertThat(html).contains("Preview cut after " + DagPreview.MAX_PREVIEW_CHARS + " characters");
        assertThat(html.length()).isLessThan(DagPreview.MAX_PREVIEW_CHARS + 4096);
        assertThat(html).contains("item number 0 &lt;b&gt;").doesNotContain("item number 39999");
        assertThat(html).doesNotContain("<b>");
    }

    @Test
    void aBrokenDocumentGetsThePageWithoutAPreview() throws Exception {
        Block broken = Block.create(1, Multicodec.DAG_JSON.code(), "{\"a\": <nope>".getBytes(StandardCharsets.UTF_8));
        fx.store.put(broken);
        HttpResponse<byte[]> page = get(server, "/ipfs/" + broken.cid() + "/", "Accept", BROWSER);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(text(page)).contains("This block is not valid dag-json").doesNotContain("<pre>", "<nope>");
    }
}
