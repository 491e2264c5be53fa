package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The _redirects parser and matcher, rule by rule of the spec. */
class RedirectsFileTest {
    private static RedirectsFile parse(String text) throws RedirectsFileException {
        return RedirectsFile.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> target(RedirectsFile f, String path) {
        List<String> segments = path.equals("/") ? List.of()
                : List.of(path.substring(1).split("/"));
        return f.first(segments).map(m -> m.rule().status() + " " + m.target());
    }

    private static void rejected(String text, int line, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(RedirectsFileException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((RedirectsFileException) e).line()).isEqualTo(line));
    }

    @Test
    void theSpecExampleFileMatchesAsItsAppendixSays() throws Exception {
        RedirectsFile f = parse("""
                /redirect-one /one.html
                /301-redirect-one /one.html 301
                /302-redirect-two /two.html 302
                /200-index /index.html 200
                /posts/:year/:month/:day/:title /articles/:year/:month/:day/:title 301
                /splat/* /redirected-splat/:splat 301
                /not-found/* /404.html 404
                /gone/* /410.html 410
                /unavail/* /451.html 451
                /* /index.html 200
                """);
        assertThat(f.rules()).hasSize(10);
        assertThat(target(f, "/redirect-one")).contains("301 /one.html");
        assertThat(target(f, "/302-redirect-two")).contains("302 /two.html");
        assertThat(target(f, "/200-index")).contains("200 /index.html");
        assertThat(target(f, "/posts/2022/01/01/hello-world")).contains("301 /articles/2022/01/01/hello-world");
        assertThat(target(f, "/splat/one.html")).contains("301 /redirected-splat/one.html");
        assertThat(target(f, "/splat/a/b/c")).contains("301 /redirected-splat/a/b/c");
        assertThat(target(f, "/not-found/has-no-redirects-entry")).contains("404 /404.html");
        assertThat(target(f, "/gone/x")).contains("410 /410.html");
        assertThat(target(f, "/unavail/x")).contains("451 /451.html");
        // first match wins: the catch-all is last
        assertThat(target(f, "/catch-all")).contains("200 /index.html");
        // a placeholder takes exactly one segment: too few or too many fall through to the catch-all
        assertThat(target(f, "/posts/2022/01")).contains("200 /index.html");
        assertThat(target(f, "/posts/2022/01/01/a/b")).contains("200 /index.html");
        // a splat needs at least one segment after its prefix; "/" itself is not matched by "/*"
        assertThat(target(f, "/splat")).contains("200 /index.html");
        assertThat(target(f, "/")).isEmpty();
    }

    @Test
    void placeholdersMayRepeatInToButNotInFrom() throws Exception {
        RedirectsFile f = parse("/a/:x/:xy /b/:xy/:x/:x/:unknown/:splat\n");
        // the longest name wins (:xy is not :x followed by "y"), unknown names and a missing splat as the spec's
        assertThat(target(f, "/a/1/2")).contains("301 /b/2/1/1/:unknown/");
        rejected("/ok /fine\n/a/:x/:x /b\n", 2, "used twice");
        rejected("/a/:splat /b\n", 1, ":splat");
        rejected("/a/: /b\n", 1, "names are letters");
        rejected("/a/:x.html /b\n", 1, "names are letters");
    }

    @Test
    void valuesArePercentEncodedWhenInjected() throws Exception {
        RedirectsFile f = parse("/p/:name /q/:name 302\n/s/* /t/:splat 302\n");
        assertThat(target(f, "/p/a b?")).contains("302 /q/a%20b%3F");
        assertThat(target(f, "/s/\u00e9/x y")).contains("302 /t/%C3%A9/x%20y");
    }

    @Test
    void literalSegmentsAreComparedDecodedAndCaseSensitive() throws Exception {
        RedirectsFile f = parse("/caf%C3%A9/ /coffee\n/Home /h\n");
        assertThat(target(f, "/caf\u00e9")).contains("301 /coffee");
        assertThat(target(f, "/home")).isEmpty();
        assertThat(target(f, "/Home")).contains("301 /h");
        rejected("/bad%zz /x\n", 1, "percent escape");
    }

    @Test
    void commentsBlankLinesAndBothLineEndsAreAccepted() throws Exception {
        RedirectsFile f = parse("# a comment\r\n\r\n   \t\n  # indented comment\n/a /b 302\r\n\t/c\t/d\t307 \r\n/e /f");
        assertThat(f.rules()).extracting(RedirectRule::line).containsExactly(5, 6, 7);
        assertThat(target(f, "/c")).contains("307 /d");
        assertThat(target(f, "/e")).contains("301 /f");
        assertThat(parse("").rules()).isEmpty();
        assertThat(parse("\uFEFF/a /b\n").rules()).hasSize(1);
    }

    @Test
    void everySupportedStatusParsesAndOthersAreRefused() throws Exception {
        for (int code : new int[] {200, 301, 302, 303, 307, 308, 404, 410, 451}) {
            assertThat(parse("/a /b " + code).rules().getFirst().status()).isEqualTo(code);
        }
        rejected("/a /b 42", 1, "status code 42 is not supported");
        rejected("/a /b 500", 1, "status code 500 is not supported");
        rejected("/a /b 0301x", 1, "not a number");
        rejected("/a /b 99999999999999999999", 1, "not a number");
        rejected("\n\n/home / 301!", 3, "forced redirects (or \"shadowing\") are not supported");
    }

    @Test
    void malformedLinesAreNamed() {
        rejected("/a /b\n/lonely\n", 2, "missing 'to'");
        rejected("/a /b 301 extra\n", 1, "must match format");
        rejected("a /b\n", 1, "must begin with '/'");
        rejected("/a?x=1 /b\n", 1, "query string");
        rejected("/a*/b /c\n", 1, "can only end with splat");
        rejected("/*/b /c\n", 1, "can only end with splat");
        rejected("/a b.html\n", 1, "'to' must be a path");
        rejected("/a javascript:alert(1)\n", 1, "'to' must be a path");
        rejected("/a /b\u0000c\n", 1, "control character");
        byte[] notUtf8 = {'/', 'a', ' ', '/', (byte) 0xff, '\n'};
        assertThatThrownBy(() -> RedirectsFile.parse(notUtf8)).hasMessageContaining("line 1: not UTF-8");
    }

    @Test
    void absoluteUrlsAreRedirectTargets() throws Exception {
        RedirectsFile f = parse("/ext/* https://example.com:8443/docs/:splat?from=ipfs 308\n");
        assertThat(target(f, "/ext/a/b")).contains("308 https://example.com:8443/docs/a/b?from=ipfs");
    }

    @Test
    void aFileOverSixtyFourKibIsRefusedWhole() throws Exception {
        byte[] max = new byte[RedirectsFile.MAX_BYTES];
        java.util.Arrays.fill(max, (byte) '\n');
        assertThat(RedirectsFile.parse(max).rules()).isEmpty();
        byte[] over = new byte[RedirectsFile.MAX_BYTES + 1];
        java.util.Arrays.fill(over, (byte) '\n');
        assertThatThrownBy(() -> RedirectsFile.parse(over)).isInstanceOf(RedirectsFileException.class)
                .hasMessageContaining("redirects file size cannot exceed 65536 bytes");
    }

    @Test
    void theLocationKeepsTheRequestsQueryWithItsValuesWinning() {
        assertThat(RedirectLocation.of("/one.html", null)).isEqualTo("/one.html");
        assertThat(RedirectLocation.of("/one.html", "a=1&b=2")).isEqualTo("/one.html?a=1&b=2");
        assertThat(RedirectLocation.of("/p?code=7&name=x", "name=y&t=1")).isEqualTo("/p?code=7&name=y&t=1");
        assertThat(RedirectLocation.of("/p?a%62=1#top", "ab=2")).isEqualTo("/p?ab=2#top");
        assertThat(RedirectLocation.of("/caf\u00e9 x", "")).isEqualTo("/caf%C3%A9%20x");
    }
}
