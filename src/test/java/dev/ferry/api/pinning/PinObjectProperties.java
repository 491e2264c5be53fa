package dev.ferry.api.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The Pinning Service API's body decoder: whatever a client sends, a Pin object or a 400, nothing else. */
class PinObjectProperties {

    private static void decodesOrRefuses(byte[] body) {
        try {
            PinningServiceApi.PinObject p = PinningServiceApi.parsePin(body);
            assertThat(p.cid()).isNotNull();
            assertThat(p.name().length()).isLessThanOrEqualTo(PinningServiceApi.MAX_NAME);
            assertThat(p.origins().size()).isLessThanOrEqualTo(PinningServiceApi.MAX_ORIGINS);
        } catch (PinningServiceApi.ApiError e) {
            assertThat(e.status).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void arbitraryBytesAreAPinOrABadRequest(@ForAll @Size(max = 300) byte[] body) {
        decodesOrRefuses(body);
    }

    @Property(tries = 1000)
    void pinLikeJsonIsAPinOrABadRequest(@ForAll("pinLike") String body) {
        decodesOrRefuses(body.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> pinLike() {
        Arbitrary<String> cid = Arbitraries.of("\"QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u\"",
                "\"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\"", "\"Qm\"", "\"\"", "null", "1",
                "[]", "{}", "\"bafy" + "a".repeat(300) + "\"");
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40).map(s -> "\"" + s.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"");
        Arbitrary<String> value = Arbitraries.oneOf(text, Arbitraries.of("null", "true", "7", "[]", "{}", "[\"x\"]",
                "[\"/ip4/127.0.0.1/tcp/1/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq\"]",
                "{\"k\":\"v\"}", "{\"k\":1}", "\"" + "n".repeat(300) + "\""));
        Arbitrary<String> field = Arbitraries.of("cid", "name", "origins", "meta", "other");
        Arbitrary<String> member = Arbitraries.oneOf(
                cid.map(c -> "\"cid\":" + c),
                net.jqwik.api.Combinators.combine(field, value).as((f, v) -> "\"" + f + "\":" + v));
        return member.list().ofMaxSize(5).map(ms -> "{" + String.join(",", ms) + "}");
    }
}
