package dev.ferry.routing.delegated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** IPIP-484's filters on examples: negation, {@code unknown}, case, aliases, and what is refused. */
class RoutingFilterTest {
    private static final PeerId P = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());
    private static final Multiaddr TCP = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001");
    private static final Multiaddr TCP6 = Multiaddr.parse("/ip6/::1/tcp/4001");
    private static final Multiaddr QUIC = Multiaddr.parse("/ip4/1.2.3.4/udp/4001/quic-v1");
    private static final Multiaddr WT = Multiaddr.parse("/ip4/1.2.3.4/udp/4001/quic-v1/webtransport");
    private static final Multiaddr WSS = Multiaddr.parse("/dns4/example.com/tcp/443/wss");
    private static final List<Multiaddr> ALL = List.of(TCP, TCP6, QUIC, WT, WSS);

    private static Optional<List<Multiaddr>> addrs(String filter, List<Multiaddr> in) {
        return RoutingFilter.parse(filter, null).addresses(in);
    }

    @Test
    void addressesPassOnePositiveAndNoNegative() {
        assertThat(addrs("tcp", ALL)).contains(List.of(TCP, TCP6, WSS));
        assertThat(addrs("webtransport,wss", ALL)).contains(List.of(WT, WSS));
        assertThat(addrs("!ip6,!quic-v1", ALL)).contains(List.of(TCP, WSS));
        assertThat(addrs("quic-v1,!webtransport", ALL)).contains(List.of(QUIC));
        assertThat(addrs("TCP,!IP6", ALL)).contains(List.of(TCP, WSS)); // case does not matter
        assertThat(addrs(" tcp , ,!ip6 ", ALL)).contains(List.of(TCP, WSS)); // spaces and empty items skipped
        assertThat(addrs("webrtc-direct", ALL)).isEmpty(); // no address left: the peer is dropped
        assertThat(addrs("some-future-transport", ALL)).isEmpty(); // unknown names are taken, matching nothing
        assertThat(addrs("ipfs", List.of(TCP.encapsulate("/p2p/" + P)))).isPresent(); // an alias is its protocol
    }

    @Test
    void unknownKeepsPeersWithoutAddressesOnly() {
        assertThat(addrs("tcp", List.of())).isEmpty();
        assertThat(addrs("!tcp", List.of())).isEmpty();
        assertThat(addrs("tcp,unknown", List.of())).contains(List.of());
        assertThat(addrs("unknown", List.of())).contains(List.of());
        assertThat(addrs("unknown", ALL)).isEmpty();
        assertThat(addrs("tcp,unknown", ALL)).contains(List.of(TCP, TCP6, WSS));
    }

    @Test
    void protocolsKeepTheWholeRecordOrDropIt() {
        RoutingFilter f = RoutingFilter.parse(null, "transport-bitswap,unknown");
        RoutedPeer bitswap = new RoutedPeer(P, ALL, List.of("transport-graphsync-filecoinv1", "transport-bitswap"));
        assertThat(f.apply(bitswap)).contains(bitswap);
        assertThat(f.apply(new RoutedPeer(P, ALL, List.of()))).isPresent();
        assertThat(f.apply(new RoutedPeer(P, ALL, List.of("transport-graphsync-filecoinv1")))).isEmpty();
        assertThat(RoutingFilter.parse(null, "TRANSPORT-BITSWAP").apply(bitswap)).contains(bitswap);
        assertThat(RoutingFilter.parse(null, "transport-bitswap").apply(new RoutedPeer(P, ALL, List.of())))
                .isEmpty();
        assertThat(RoutingFilter.parse(null, "!transport-graphsync-filecoinv1").apply(bitswap)).isEmpty();
        RoutingFilter both = RoutingFilter.parse("webtransport", "transport-bitswap");
        assertThat(both.apply(bitswap)).contains(new RoutedPeer(P, List.of(WT), bitswap.protocols()));
        assertThat(both.apply(new RoutedPeer(P, List.of(TCP), bitswap.protocols()))).isEmpty();
    }

    @Test
    void absentOrEmptyFiltersNothing() {
        RoutedPeer none = new RoutedPeer(P, List.of(), List.of());
        for (RoutingFilter f : List.of(RoutingFilter.NONE, RoutingFilter.parse("", ""),
                RoutingFilter.parse(",", " , "), RoutingFilter.of(List.of(), List.of()))) {
            assertThat(f.isEmpty()).isTrue();
            assertThat(f.query()).isEmpty();
            assertThat(f.apply(none)).contains(none);
        }
    }

    @Test
    void theQuerySaysTheSameFilter() {
        RoutingFilter f = RoutingFilter.parse("TCP,!ip6,unknown", "transport-bitswap,unknown");
        assertThat(f.query()).isEqualTo("?filter-addrs=tcp,!ip6,unknown&filter-protocols=transport-bitswap,unknown");
        assertThat(RoutingFilter.parse(null, "a&b=c").query()).isEqualTo("?filter-protocols=a%26b%3Dc");
    }

    @Test
    void malformedListsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> RoutingFilter.parse("!", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filter-addrs");
        assertThatThrownBy(() -> RoutingFilter.parse(null, "!!x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filter-protocols");
        assertThatThrownBy(() -> RoutingFilter.parse("tc p", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutingFilter.parse("é", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoutingFilter.parse("x".repeat(64), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("63");
        assertThatThrownBy(() -> RoutingFilter.parse("a,".repeat(33), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThat(RoutingFilter.parse("x".repeat(63), "a,".repeat(32)).isEmpty()).isFalse();
    }
}
