package dev.ferry.routing.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class MediaTypeProperties {
    @Property
    void formatThenParseIsIdentity(@ForAll("mediaTypes") MediaType t) {
        MediaType back = MediaType.parse(t.format());
        assertThat(back).isEqualTo(t);
        assertThat(back.format()).isEqualTo(t.format());
    }

    @Property
    void whitespaceAroundSeparatorsIsIgnored(@ForAll("mediaTypes") MediaType t) {
        StringBuilder sb = new StringBuilder(" \t").append(t.essence());
        for (Map.Entry<String, String> e : t.parameters().entrySet()) {
            sb.append(" \t; ").append(new MediaType("a", "b", Map.of(e.getKey(), e.getValue())).format()
                    .substring("a/b;".length()));
        }
        sb.append("\t ");
        assertThat(MediaType.parse(sb.toString())).isEqualTo(t);
    }

    /** Any string: a MediaTypeException or a value whose own format parses back to it; never anything else. */
    @Property(tries = 2000)
    void arbitraryStringsOnlyEverThrowTheDeclaredException(@ForAll("headerLike") String s) {
        MediaType t;
        try {
            t = MediaType.parse(s);
        } catch (MediaTypeException expected) {
            return;
        }
        assertThat(MediaType.parse(t.format())).isEqualTo(t);
        assertThat(t.parameters().size()).isLessThanOrEqualTo(MediaType.MAX_PARAMETERS);
    }

    @Property(tries = 200)
    void longInputIsRefusedBeforeParsing(@ForAll @StringLength(min = MediaType.MAX_LENGTH + 1, max = 4000) String s) {
        try {
            MediaType.parse(s);
            throw new AssertionError("accepted " + s.length() + " characters");
        } catch (MediaTypeException expected) {
            assertThat(expected.getMessage()).contains("longer");
        }
    }

    @Provide
    Arbitrary<MediaType> mediaTypes() {
        Arbitrary<String> token = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCXYZ0189!#$%&'*+-.^_`|~")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> value = Arbitraries.oneOf(token, Arbitraries.strings()
                .withCharRange(' ', '~').withChars('\t', 'é', '\u00ff').ofMaxLength(12));
        Arbitrary<Map<String, String>> params = Combinators.combine(token, value).as(Map::entry).list().ofMaxSize(5)
                .map(list -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (Map.Entry<String, String> e : list) {
                        m.putIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue());
                    }
                    return m;
                });
        return Combinators.combine(token, token, params).as(MediaType::new);
    }

    @Provide
    Arbitrary<String> headerLike() {
        Arbitrary<String> pieces = Arbitraries.of(List.of("application", "/", "vnd.ipld.car", ";", " ", "\t", "=",
                "version", "1", "\"", "\\", "dfs", ",", "x", "\u0000", "é", "\u0100", ";;")).list().ofMaxSize(20)
                .map(l -> String.join("", l));
        return Arbitraries.oneOf(pieces, Arbitraries.strings().ofMaxLength(60));
    }
}
