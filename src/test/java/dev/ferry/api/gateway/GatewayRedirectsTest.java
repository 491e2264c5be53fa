package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** _redirects and ipfs-404.html over real HTTP, on subdomain and DNSLink website hosts and the path gateway. */
@Timeout(60)
class GatewayRedirectsTest {
    private static final String RULES = """
            # the spec's example site
            /redirect-one /one.html
            /301-redirect-one /one.html 301
            /302-redirect-two /two.html 302
            /303 /two.html 303
            /307 /two.html 307
            /308 /two.html 308
            /200-index /index.html 200
            /posts/:year/:month/:day/:title /articles/:year/:month/:day/:title 301
            /splat/* /redirected-splat/:splat 301
            /products/:code /shop?code=:code&lang=en 302
            /app/* /spa 200
            /ext/* https://example.com/docs/:splat 308
            /to-url/* https://example.com/ 200
            /bad-page/* /no-such-page.html 404
            /not-found/* /404.html 404
            /gone/* /410.html 410
            /unavail/* /451.html 451
            /* /index.html 200
            """;

    @TempDir
    Path tmp;
    private final MemoryBlockstore store = new MemoryBlockstore();
    private GatewayServer server;
    private Cid examples;
    private Cid wrapper;

    private Cid importDir(Path dir) throws IOException {
        return new UnixfsImporter(store, GatewayFixture.OPTIONS).importPath(dir).cid();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Path examplesSite(Path dir) throws IOException {
        write(dir.resolve("_redirects"), RULES);
        write(dir.resolve("index.html"), "my index");
        write(dir.resolve("one.html"), "my one");
        write(dir.resolve("two.html"), "my two");
        write(dir.resolve("404.html"), "my 404");
        write(dir.resolve("410.html"), "my 410");
        write(dir.resolve("451.html"), "my 451");
        write(dir.resolve("spa/index.html"), "the single-page app");
        write(dir.resolve("articles/2022/01/01/hello-world"), "an article");
        return dir;
    }

    /** A DNSLink resolver: {@code site.example.com} is the example site, {@code deep.example.com} a directory in one. */
    private final class Names implements GatewayNames {
        @Override
        public Resolved resolve(String name) {
            return switch (name) {
                case "site.example.com" -> new Resolved("/ipfs/" + examples, Duration.ofSeconds(60));
                case "deep.example.com" -> new Resolved("/ipfs/" + wrapper + "/www", Duration.ofSeconds(60));
                default -> throw GatewayException.notFound("no DNSLink record for " + name);
            };
        }

        @Override
        public Optional<NameRecord> record(String name) {
            return Optional.empty();
        }
    }

    @BeforeEach
    void start() throws IOException {
        examples = importDir(examplesSite(tmp.resolve("examples")));
        Path deep = tmp.resolve("wrapper");
        examplesSite(deep.resolve("www"));
        write(deep.resolve("_redirects"), "/* /outside.html 200\n");
        wrapper = importDir(deep);
        server = GatewayServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new TestFetcher(store, TestFetcher.Missing.NOT_FOUND), GatewayConfig.defaults(),
                HttpAccess.loopbackOnly(), new Names(), null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A request with the given Host (which the JDK's client will not set) and optional Accept. */
    private Answer request(String method, String host, String path, String accept) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (accept == null ? "" : "Accept: " + accept + "\r\n") + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            String[] lines = all.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, all.substring(end + 4));
        }
    }

    private Answer get(String host, String path) throws IOException {
        return request("GET", host, path, null);
    }

    private String sub(Cid root) {
        return root + ".ipfs.localhost:8080";
    }

    @Test
    void redirectStatusesPlaceholdersAndSplatsOnASubdomainHost() throws IOException {
        String host = sub(examples);
        Answer one = get(host, "/redirect-one");
        assertThat(one.status()).isEqualTo(301);
        assertThat(one.header("Location")).isEqualTo("/one.html");
        assertThat(one.body()).isEmpty();
        assertThat(get(host, "/301-redirect-one").header("Location")).isEqualTo("/one.html");
        for (int code : new int[] {302, 303, 307, 308}) {
            String path = code == 302 ? "/302-redirect-two" : "/" + code;
            Answer a = get(host, path);
            assertThat(a.status()).as(path).isEqualTo(code);
            assertThat(a.header("Location")).isEqualTo("/two.html");
        }
        Answer post = get(host, "/posts/2022/01/01/hello-world");
        assertThat(post.status()).isEqualTo(301);
        assertThat(post.header("Location")).isEqualTo("/articles/2022/01/01/hello-world");
        Answer splat = get(host, "/splat/one.html");
        assertThat(splat.status()).isEqualTo(301);
        assertThat(splat.header("Location")).isEqualTo("/redirected-splat/one.html");
        assertThat(get(host, "/splat/a%20b/c").header("Location")).isEqualTo("/redirected-splat/a%20b/c");
        assertThat(get(host, "/ext/x/y").header("Location")).isEqualTo("https://example.com/docs/x/y");
    }

    @Test
    void theRequestsQueryIsKeptOnRedirectsWithItsValuesWinning() throws IOException {
        String host = sub(examples);
        assertThat(get(host, "/redirect-one?utm=1&x=%20").header("Location")).isEqualTo("/one.html?utm=1&x=%20");
        Answer a = get(host, "/products/42?lang=fr&ref=mail");
        assertThat(a.status()).isEqualTo(302);
        assertThat(a.header("Location")).isEqualTo("/shop?code=42&lang=fr&ref=mail");
    }

    @Test
    void rewritesServeTheTargetWithOkAndExistingPathsAreNeverIntercepted() throws IOException {
        String host = sub(examples);
        Answer index = get(host, "/200-index");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("my index");
        Answer catchAll = get(host, "/anything/at/all");
        assertThat(catchAll.status()).isEqualTo(200);
        assertThat(catchAll.body()).isEqualTo("my index");
        // a rewrite to a directory serves its index.html, without a redirect to a trailing slash
        Answer app = get(host, "/app/route/42");
        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body()).isEqualTo("the single-page app");
        // what exists is served as it is, even with a catch-all rule
        assertThat(get(host, "/one.html").body()).isEqualTo("my one");
        assertThat(get(host, "/articles/2022/01/01/hello-world").body()).isEqualTo("an article");
        assertThat(get(host, "/").body()).isEqualTo("my index");
        assertThat(get(host, "/spa").status()).isEqualTo(301);
    }

    @Test
    void customErrorPagesCarryTheirStatusAndThePagesValidators() throws IOException {
        String host = sub(examples);
        for (String[] c : new String[][] {{"/not-found/x", "404", "404.html"}, {"/gone/x", "410", "410.html"},
                {"/unavail/x/y", "451", "451.html"}}) {
            Answer a = get(host, c[0]);
            assertThat(a.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(a.body()).isEqualTo("my " + c[1]);
            assertThat(a.header("Content-Type")).startsWith("text/html");
            assertThat(a.header("Etag")).isEqualTo("\"" + new UnixfsExporter(store).resolve(examples, c[2])
                    + "\"");
            assertThat(a.header("Cache-Control")).isEqualTo(Responses.IMMUTABLE);
        }
        Answer head = request("HEAD", host, "/gone/x", null);
        assertThat(head.status()).isEqualTo(410);
        assertThat(head.header("Content-Length")).isEqualTo("6");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void dnsLinkWebsitesApplyTheRulesWithTheNamesCaching() throws IOException {
        Answer one = get("site.example.com", "/redirect-one?a=1");
        assertThat(one.status()).isEqualTo(301);
        assertThat(one.header("Location")).isEqualTo("/one.html?a=1");
        Answer page = get("site.example.com", "/not-found/has-no-redirects-entry");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).isEqualTo("my 404");
        assertThat(page.header("Cache-Control")).isEqualTo("public, max-age=60");
        assertThat(get("site.example.com", "/whatever").body()).isEqualTo("my index");
        // a name pointing into a directory: that directory is the site, its own _redirects applies, not the root's
        assertThat(get("deep.example.com", "/whatever").body()).isEqualTo("my index");
        assertThat(get("deep.example.com", "/posts/1/2/3/t").header("Location")).isEqualTo("/articles/1/2/3/t");
        // and an inlined DNSLink name on the subdomain gateway
        assertThat(get("site-example-com.ipns.localhost", "/redirect-one").header("Location")).isEqualTo("/one.html");
    }

    @Test
    void thePathGatewayNeverAppliesTheRules() throws IOException {
        for (String path : new String[] {"/redirect-one", "/200-index", "/not-found/x", "/whatever"}) {
            Answer a = get("127.0.0.1", "/ipfs/" + examples + path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.header("Location")).isNull();
            assertThat(a.body()).doesNotContain("my ");
        }
        // nor do trustless formats on an isolated host: a CAR of a missing path is a 404
        assertThat(get(sub(examples), "/redirect-one?format=car").status()).isEqualTo(404);
    }

    @Test
    void aMalformedOrTooLargeFileIsAServerErrorNamingTheProblem() throws IOException {
        Path forced = tmp.resolve("forced");
        write(forced.resolve("_redirects"), "/ok /fine\n/home / 301!\n");
        write(forced.resolve("found.html"), "my found");
        Cid forcedRoot = importDir(forced);
        Answer bad = get(sub(forcedRoot), "/not-found");
        assertThat(bad.status()).isEqualTo(500);
        assertThat(bad.body()).contains("could not parse _redirects:", "line 2",
                "forced redirects (or \"shadowing\") are not supported");
        // an existing path never reads the file
        assertThat(get(sub(forcedRoot), "/found.html").body()).isEqualTo("my found");

        Path large = tmp.resolve("too-large");
        write(large.resolve("_redirects"), "# padding\n".repeat(7000));
        Answer tooLarge = get(sub(importDir(large)), "/not-found");
        assertThat(tooLarge.status()).isEqualTo(500);
        assertThat(tooLarge.body()).contains("could not parse _redirects:", "redirects file size cannot exceed 65536");

        Path dir = tmp.resolve("dir-named-redirects");
        write(dir.resolve("_redirects/x"), "not a file");
        assertThat(get(sub(importDir(dir)), "/missing").status()).isEqualTo(500);

        // a rule whose target cannot be served: a rewrite to a URL, a missing custom page
        assertThat(get(sub(examples), "/to-url/x").status()).isEqualTo(500);
        Answer missingPage = get(sub(examples), "/bad-page/x");
        assertThat(missingPage.status()).isEqualTo(500);
        assertThat(missingPage.body()).contains("_redirects line 15", "no-such-page.html");
    }

    @Test
    void aParsedFileIsKeptPerRoot() throws IOException {
        String host = sub(examples);
        assertThat(get(host, "/redirect-one").status()).isEqualTo(301);
        Cid file = new UnixfsExporter(store).resolve(examples, "_redirects");
        assertThat(store.delete(file)).isTrue();
        // the file's blocks are gone, its rules are not read again
        assertThat(get(host, "/302-redirect-two").header("Location")).isEqualTo("/two.html");
    }

    @Test
    void theNearestLegacy404PageIsServedToHtmlClients() throws IOException {
        Path legacy = tmp.resolve("legacy");
        write(legacy.resolve("ipfs-404.html"), "root 404");
        write(legacy.resolve("docs/ipfs-404.html"), "docs 404");
        write(legacy.resolve("docs/deep/page.html"), "a page");
        write(legacy.resolve("_redirects"), "/old /new 301\n");
        Cid root = importDir(legacy);
        String host = sub(root);
        Answer deep = request("GET", host, "/docs/deep/missing/more", "text/html,application/xhtml+xml;q=0.9");
        assertThat(deep.status()).isEqualTo(404);
        assertThat(deep.body()).isEqualTo("docs 404");
        assertThat(deep.header("Content-Type")).startsWith("text/html");
        assertThat(request("GET", host, "/elsewhere", "*/*").body()).isEqualTo("root 404");
        // a matching rule comes first; no Accept, or one without HTML, gets the plain 404
        assertThat(request("GET", host, "/old", "text/html").status()).isEqualTo(301);
        Answer plain = get(host, "/elsewhere");
        assertThat(plain.status()).isEqualTo(404);
        assertThat(plain.body()).doesNotContain("root 404");
        assertThat(request("GET", host, "/elsewhere", "application/json").body()).doesNotContain("root 404");
        // as in boxo, the legacy page is served on the path gateway too (it is plain content of that root)
        Answer onPath = request("GET", "127.0.0.1", "/ipfs/" + root + "/docs/x", "text/*");
        assertThat(onPath.status()).isEqualTo(404);
        assertThat(onPath.body()).isEqualTo("docs 404");
    }
}
