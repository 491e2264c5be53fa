package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The request parsers: arbitrary input never throws anything but GatewayException, and known answers. */
class GatewayParserProperties {
    private static final String CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

    @Provide
    Arbitrary<String> headerish() {
        Arbitrary<String> pieces = Arbitraries.of("application/vnd.ipld.car", "application/vnd.ipld.raw", "text/html",
                "*/*", ";", ",", "=", "q=", "0.5", "1", "version", "order=dfs", "dups=y", "\"", " ", "bytes", "-",
                "/", "%", "%2F", "%00", "..", ".", "*", ":", "-1", "99999999999999999999", "\u00e9", "\u0000",
                CID, "W/", "\"x\"");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                pieces.list().ofMaxSize(20).map(l -> String.join("", l)));
    }

    @Property(tries = 1000)
    void acceptNeverThrows(@ForAll("headerish") String header) {
        List<MediaRange> ranges = AcceptHeader.parse(header);
        assertThat(ranges.size()).isLessThanOrEqualTo(AcceptHeader.MAX_ENTRIES);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).q()).isLessThanOrEqualTo(ranges.get(i - 1).q());
        }
        ranges.forEach(r -> assertThat(r.q()).isBetween(0.0, 1.0));
    }

    @Property(tries = 1000)
    void negotiationThrowsOnlyGatewayException(@ForAll("headerish") String accept, @ForAll("headerish") String q) {
        try {
            ResponseFormat f = FormatNegotiation.choose(QueryParams.parse(q), accept);
            assertThat(f).isNotNull();
        } catch (GatewayException e) {
            assertThat(e.status()).isIn(400, 406);
        }
    }

    @Property(tries = 1000)
    void rangeNeverThrowsAndStaysInside(@ForAll("headerish") String header,
            @ForAll @LongRange(min = 0, max = 1L << 40) long size) {
        if (RangeHeader.parse(header) instanceof RangeHeader.Single s) {
            RangeHeader.Span span = RangeHeader.resolve(s, size);
            if (span != null) {
                assertThat(span.first()).isBetween(0L, size - 1);
                assertThat(span.last()).isBetween(span.first(), size - 1);
            }
        }
    }

    @Property(tries = 1000)
    void rangeOfNumbers(@ForAll @LongRange(min = 0, max = 1000) long a, @ForAll @LongRange(min = 0, max = 1000) long b,
            @ForAll @LongRange(min = 0, max = 1000) long size) {
        RangeHeader r = RangeHeader.parse("bytes=" + a + "-" + b);
        if (b < a) {
            assertThat(r).isInstanceOf(RangeHeader.Whole.class);
            return;
        }
        RangeHeader.Span span = RangeHeader.resolve((RangeHeader.Single) r, size);
        if (a >= size) {
            assertThat(span).isNull();
        } else {
            assertThat(span).isEqualTo(new RangeHeader.Span(a, Math.min(b, size - 1)));
        }
    }

    @Provide
    Arbitrary<String> entityBytesText() {
        Arbitrary<String> num = Arbitraries.oneOf(Arbitraries.longs().map(x -> Long.toString(x)), Arbitraries.of("*", "",
                "-", "--1", "1e3", "99999999999999999999", " 1"));
        return Arbitraries.oneOf(Combinators.combine(num, num).as((x, y) -> x + ":" + y),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Property(tries = 1000)
    void entityBytesThrowsOnlyGatewayException(@ForAll("entityBytesText") String text,
            @ForAll @LongRange(min = 0, max = 1L << 40) long size) {
        EntityBytes eb;
        try {
            eb = EntityBytes.parse(text);
        } catch (GatewayException e) {
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        Optional<EntityBytes.Span> span = eb.resolve(size);
        span.ifPresent(s -> {
            assertThat(s.first()).isBetween(0L, size - 1);
            assertThat(s.last()).isBetween(s.first(), size - 1);
        });
    }

    @Test
    void entityBytesKnownAnswers() {
        assertThat(EntityBytes.parse("0:*").resolve(100)).contains(new EntityBytes.Span(0, 99));
        assertThat(EntityBytes.parse("-10:*").resolve(100)).contains(new EntityBytes.Span(90, 99));
        assertThat(EntityBytes.parse("499:-1000").resolve(2000)).contains(new EntityBytes.Span(499, 1000));
        assertThat(EntityBytes.parse("5:5").resolve(100)).contains(new EntityBytes.Span(5, 5));
        assertThat(EntityBytes.parse("50:500").resolve(100)).contains(new EntityBytes.Span(50, 99));
        assertThat(EntityBytes.parse("100:*").resolve(100)).isEmpty();
        assertThat(EntityBytes.parse("-1000:*").resolve(100)).contains(new EntityBytes.Span(0, 99));
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> seg = Arbitraries.of("a", "b.txt", "..", ".", "", "%2F", "%2f", "%00", "%", "%zz", "%C3%A9",
                "%C0%AE", "\u00e9", "sub", "%2e%2e", "x%20y", "\\", "?");
        return Arbitraries.oneOf(seg.list().ofMaxSize(8).map(l -> "/ipfs/" + CID + "/" + String.join("/", l)),
                Arbitraries.strings().ofMaxLength(120).map(s -> "/ipfs/" + s),
                Arbitraries.strings().ofMaxLength(120));
    }

    @Property(tries = 2000)
    void pathThrowsOnlyGatewayException(@ForAll("paths") String path) {
        ContentPath p;
        try {
            p = ContentPath.parse(path);
        } catch (GatewayException e) {
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        for (String s : p.segments()) {
            assertThat(s).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("/", "\u0000");
        }
        // the encoded form reads back to the same path
        assertThat(ContentPath.parse(p.encoded(p.trailingSlash()))).isEqualTo(p);
    }

    @Test
    void pathKnownAnswers() {
        ContentPath p = ContentPath.parse("/ipfs/" + CID + "/a%20b/%C3%A9/");
        assertThat(p.segments()).containsExactly("a b", "\u00e9");
        assertThat(p.trailingSlash()).isTrue();
        assertThat(p.encoded(false)).isEqualTo("/ipfs/" + CID + "/a%20b/%C3%A9");
        for (String bad : List.of("/ipfs/", "/ipfs/x", "/ipfs/" + CID + "/..", "/ipfs/" + CID + "/a%2Fb",
                "/ipfs/" + CID + "//a", "/ipfs/" + CID + "/%00", "/ipfs/" + CID + "/%FF")) {
            try {
                ContentPath.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (GatewayException e) {
                assertThat(e.status()).isEqualTo(400);
            }
        }
    }

    /** A CID in base256emoji arrives as percent-encoded UTF-8 (four bytes per emoji) and reads back whole. */
    @Test
    void emojiCidPath() {
        dev.ferry.multiformats.Cid cid = dev.ferry.multiformats.Cid.parse(CID);
        String emoji = cid.toString(dev.ferry.multiformats.Multibase.BASE256_EMOJI);
        String raw = "/ipfs/" + java.net.URLEncoder.encode(emoji, java.nio.charset.StandardCharsets.UTF_8) + "/a";
        assertThat(raw).startsWith("/ipfs/%F0%9F%9A%80");
        ContentPath p = ContentPath.parse(raw);
        assertThat(p.root()).isEqualTo(cid);
        assertThat(p.rootText()).isEqualTo(emoji);
        assertThat(p.segments()).containsExactly("a");
        assertThat(ContentPath.parse(p.encoded(false))).isEqualTo(p);
        try {
            ContentPath.parse("/ipfs/%F0%9F%9A%80%F0%9F%9A%81"); // the rocket, then an emoji outside the table
            throw new AssertionError("accepted an emoji outside the table");
        } catch (GatewayException e) {
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @Property(tries = 1000)
    void sniffingAndEtagsNeverThrow(@ForAll byte[] head, @ForAll("headerish") String name, @ForAll boolean whole,
            @ForAll("headerish") String ifNoneMatch) {
        assertThat(ContentSniffer.contentType(name, head.length > 512 ? java.util.Arrays.copyOf(head, 512) : head,
                whole)).isNotBlank();
        EntityTags.matches(ifNoneMatch, "\"" + CID + "\"");
    }

    @Test
    void acceptKnownAnswers() {
        assertThat(FormatNegotiation.choose(QueryParams.parse(null), "application/vnd.ipld.car;order=dfs;dups=y"))
                .isEqualTo(new ResponseFormat.Car(true, DagScope.ALL, null, true));
        assertThat(FormatNegotiation.choose(QueryParams.parse("format=raw"), "application/vnd.ipld.car"))
                .isEqualTo(new ResponseFormat.Raw(false));
        assertThat(FormatNegotiation.choose(QueryParams.parse(null),
                "application/vnd.ipld.car;q=0.5, application/vnd.ipld.raw")).isEqualTo(new ResponseFormat.Raw(true));
        assertThat(FormatNegotiation.choose(QueryParams.parse(null), "text/html,application/xhtml+xml,*/*;q=0.8"))
                .isEqualTo(new ResponseFormat.Deserialized());
        assertThat(FormatNegotiation.choose(QueryParams.parse("format=car&entity-bytes=1:2&dag-scope=all"), null))
                .isEqualTo(new ResponseFormat.Car(false, DagScope.ENTITY, new EntityBytes(1, 2L), false));
        assertThat(FormatNegotiation.choose(QueryParams.parse(null), "application/vnd.ipld.raw;q=0"))
                .isEqualTo(new ResponseFormat.Deserialized());
    }
}
