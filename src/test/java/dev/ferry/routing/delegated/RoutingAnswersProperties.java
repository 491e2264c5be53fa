package dev.ferry.routing.delegated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any body: the declared exception or records within the caps; never anything else. */
class RoutingAnswersProperties {
    private static final PeerId PEER = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());

    @Property(tries = 1500)
    void arbitraryJsonBodiesOnlyEverThrowTheDeclaredException(@ForAll("bodies") String body) {
        try {
            List<RoutedPeer> out = RoutingAnswers.json(body.getBytes(StandardCharsets.UTF_8), "Providers", 5);
            assertThat(out).hasSizeLessThanOrEqualTo(5);
            out.forEach(RoutingAnswersProperties::withinCaps);
        } catch (DelegatedRoutingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1500)
    void arbitraryNdjsonBodiesOnlyEverThrowTheDeclaredException(@ForAll("bodies") String body) {
        try {
            List<RoutedPeer> out = RoutingAnswers.ndjson(body.getBytes(StandardCharsets.UTF_8), 5);
            assertThat(out).hasSizeLessThanOrEqualTo(5);
            out.forEach(RoutingAnswersProperties::withinCaps);
        } catch (DelegatedRoutingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void arbitraryBytesOnlyEverThrowTheDeclaredException(@ForAll byte[] body) {
        try {
            RoutingAnswers.json(body, "Peers", 3);
        } catch (DelegatedRoutingException expected) {
            // the declared failure
        }
        try {
            RoutingAnswers.ndjson(body, 3);
        } catch (DelegatedRoutingException expected) {
            // the declared failure
        }
    }

    private static void withinCaps(RoutedPeer p) {
        assertThat(p.addrs()).hasSizeLessThanOrEqualTo(RoutingAnswers.MAX_ADDRS);
        assertThat(p.protocols()).hasSizeLessThanOrEqualTo(RoutingAnswers.MAX_PROTOCOLS);
    }

    /** JSON-ish text built from routing answers' own pieces, well-formed or not, and plain noise. */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> piece = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"Providers\"", "\"Peers\"",
                "\"Schema\"", "\"peer\"", "\"bitswap\"", "\"ID\"", "\"" + PEER + "\"", "\"" + PEER.toCid() + "\"",
                "\"Addrs\"", "\"/ip4/127.0.0.1/tcp/4001\"", "\"/dns/example.com/tcp/443/https\"", "\"/nope/1\"",
                "\"Protocols\"", "\"transport-bitswap\"", "null", "true", "12", "-1.5e3", "\"\\u00e9\"", "\"\\ud800\"",
                "{\"/\":\"x\"}", "\n", " ", "\"");
        Arbitrary<String> pieces = piece.list().ofMaxSize(60).map(l -> String.join("", l));
        Arbitrary<String> valid = Arbitraries.of(
                "{\"Providers\":[{\"Schema\":\"peer\",\"ID\":\"" + PEER + "\",\"Addrs\":[\"/ip4/1.2.3.4/tcp/1\"]}]}",
                "{\"Schema\":\"peer\",\"ID\":\"" + PEER + "\",\"Addrs\":[],\"Protocols\":[\"transport-bitswap\"]}\n");
        Arbitrary<String> mutated = Arbitraries.integers().between(0, 40).flatMap(cut -> valid.map(v ->
                v.substring(0, Math.min(cut, v.length())) + v.substring(Math.min(cut + 3, v.length()))));
        return Arbitraries.oneOf(pieces, valid, mutated, Arbitraries.strings().ofMaxLength(80));
    }
}
