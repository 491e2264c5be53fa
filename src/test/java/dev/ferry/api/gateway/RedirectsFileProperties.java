package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The _redirects parser is a decoder of untrusted bytes: it answers rules or its own exception, nothing else. */
class RedirectsFileProperties {
    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<String> pieces = Arbitraries.of("/", "*", ":", ":splat", ":a", ":a1_", "a", "%", "%2", "%C3%A9",
                "%ff", " ", "\t", "\n", "\r\n", "\r", "#", "!", "?", "&", "=", "200", "301", "301!", "404", "42",
                "999999999999", "https://", "x.com", "//", "\u0000", "\u00e9", "\uFEFF", "..", ".");
        Arbitrary<byte[]> structured = pieces.list().ofMaxSize(60)
                .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(structured, random);
    }

    @Provide
    Arbitrary<List<String>> paths() {
        return Arbitraries.of("a", "b", "x y", "\u00e9", "splat", "posts", "2022", "*", ":a", "%")
                .list().ofMaxSize(6);
    }

    @Property(tries = 2000)
    void arbitraryBytesGiveRulesOrTheParsersException(@ForAll("files") byte[] bytes,
            @ForAll("paths") List<String> path) {
        RedirectsFile file;
        try {
            file = RedirectsFile.parse(bytes);
        } catch (RedirectsFileException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.line()).isBetween(1, bytes.length + 1);
            return;
        }
        for (RedirectRule r : file.rules()) {
            assertThat(r.status()).isIn(200, 301, 302, 303, 307, 308, 404, 410, 451);
            assertThat(r.to()).doesNotContain(" ", "\t", "\n", "\r");
        }
        // matching never throws either, and a redirect's Location is a valid header value
        file.first(path).ifPresent(m -> assertThat(RedirectLocation.of(m.target(), "q=1&%zz"))
                .matches("[\\x21-\\x7e]*"));
    }

    @Property(tries = 200)
    void aSafeRuleRoundTrips(@ForAll("segment") String a, @ForAll("segment") String b) throws Exception {
        RedirectsFile f = RedirectsFile.parse(("/" + a + "/:p /" + b + "/:p 302\n").getBytes(StandardCharsets.UTF_8));
        assertThat(f.first(List.of(a, "v")).map(RedirectsFile.Match::target)).contains("/" + b + "/v");
        assertThat(f.first(List.of(a))).isEmpty();
    }

    @Provide
    Arbitrary<String> segment() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
    }
}
