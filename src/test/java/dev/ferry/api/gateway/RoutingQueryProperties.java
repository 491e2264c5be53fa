package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.routing.delegated.RoutingFilter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any query string and any {@code /dht/closest} key the routing API is sent: a filter (or a key) or a 400 that says
 * why, never another exception.
 */
class RoutingQueryProperties {
    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> names = Arbitraries.of("tcp", "%21ip6", "!quic-v1", "unknown", "%2C", ",", "!", "%", "%ZZ",
                "%E2%82", "+", "%20", "transport-bitswap", "x".repeat(70), "é", "%00");
        Arbitrary<String> values = names.list().ofMaxSize(12).map(l -> String.join("", l));
        Arbitrary<String> pairs = Arbitraries.of("filter-addrs", "filter-protocols", "filter%2Daddrs", "other", "")
                .flatMap(k -> values.map(v -> k + "=" + v));
        return Arbitraries.oneOf(pairs.list().ofMaxSize(4).map(l -> String.join("&", l)),
                Arbitraries.strings().ofMaxLength(200));
    }

    @Property(tries = 2000)
    void anyQueryIsAFilterOrABadRequest(@ForAll("queries") String query) {
        try {
            RoutingFilter f = RoutingApi.filter(query);
            assertThat(f).isNotNull();
        } catch (GatewayException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void anyKeyIsAMultihashOrABadRequest(@ForAll("keys") String key) {
        try {
            assertThat(RoutingApi.closestKey(key)).isNotEmpty();
        } catch (GatewayException e) {
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("bafykzQm123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
                        .ofMinLength(2).ofMaxLength(70).map(s -> (s.hashCode() % 2 == 0 ? "k51" : "Qm") + s));
    }
}
