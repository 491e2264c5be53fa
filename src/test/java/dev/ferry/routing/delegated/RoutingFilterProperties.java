package dev.ferry.routing.delegated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any parameter value: a filter or the declared exception; a filter only ever narrows, and says itself again. */
class RoutingFilterProperties {
    private static final PeerId P = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
    private static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"),
            Multiaddr.parse("/ip6/::1/udp/4001/quic-v1/webtransport"), Multiaddr.parse("/dns/x.org/tcp/443/wss"));

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> names = Arbitraries.of("tcp", "!tcp", "ip6", "!ip6", "unknown", "!unknown", "quic-v1",
                "webtransport", "wss", "IPFS", "transport-bitswap", "!transport-bitswap", "", " ", "!", "!!x");
        Arbitrary<String> lists = names.list().ofMaxSize(40).map(l -> String.join(",", l));
        return Arbitraries.oneOf(lists, Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars(",!- aZ09é\u0000%").ofMaxLength(80));
    }

    @Property(tries = 2000)
    void anyValueIsAFilterOrAClearRefusal(@ForAll("values") String addrs, @ForAll("values") String protocols) {
        RoutingFilter f;
        try {
            f = RoutingFilter.parse(addrs, protocols);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).containsAnyOf("filter-addrs", "filter-protocols");
            return;
        }
        RoutedPeer peer = new RoutedPeer(P, ADDRS, List.of("transport-bitswap"));
        Optional<RoutedPeer> kept = f.apply(peer);
        kept.ifPresent(k -> {
            assertThat(ADDRS).containsAll(k.addrs());
            assertThat(k.addrs()).isNotEmpty();
            assertThat(k.protocols()).isEqualTo(peer.protocols());
        });
        // the query sent to a router reads back as the same filter
        RoutingFilter again = reread(f.query());
        assertThat(again.apply(peer)).isEqualTo(kept);
        assertThat(again.query()).isEqualTo(f.query());
    }

    private static RoutingFilter reread(String query) {
        String a = null;
        String p = null;
        if (!query.isEmpty()) {
            for (String pair : query.substring(1).split("&")) {
                String v = java.net.URLDecoder.decode(pair.substring(pair.indexOf('=') + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (pair.startsWith("filter-addrs=")) {
                    a = v;
                } else {
                    p = v;
                }
            }
        }
        return RoutingFilter.parse(a, p);
    }
}
