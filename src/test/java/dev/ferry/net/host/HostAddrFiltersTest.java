package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Swarm.AddrFilters} at the host's dial and accept, and {@code Addresses.NoAnnounce} on what it announces. */
@Timeout(60)
class HostAddrFiltersTest {
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    private static List<IpCidr> filters(String... texts) {
        return java.util.Arrays.stream(texts).map(IpCidr::parse).toList();
    }

    @Test
    void aDialToAFilteredAddressIsNotMadeAndSaysWhy() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        a.addrFilters().add(filters("/ip4/127.0.0.0/ipcidr/8"));
        Multiaddr target = TestHosts.dialable(b);
        assertThatThrownBy(() -> a.connect(target)).isInstanceOf(AddressFilteredException.class)
                .hasMessage("address filtered: " + b.listenAddresses().getFirst());
        assertThatThrownBy(() -> a.connect(b.peerId())).isInstanceOf(AddressFilteredException.class);
        assertThat(b.isConnected(a.peerId())).isFalse();

        // a filter elsewhere changes nothing; removing the one that matched lets the dial through
        a.addrFilters().add(filters("/ip6/fc00::/ipcidr/7", "/ip4/10.0.0.0/ipcidr/8"));
        assertThat(a.addrFilters().remove(filters("/ip4/127.0.0.0/ipcidr/8", "/ip4/192.168.0.0/ipcidr/16")))
                .containsExactly(IpCidr.parse("/ip4/127.0.0.0/ipcidr/8"));
        assertThat(a.connect(target).remotePeer()).isEqualTo(b.peerId());
        assertThat(a.addrFilters().list()).extracting(Object::toString)
                .containsExactly("/ip6/fc00::/ipcidr/7", "/ip4/10.0.0.0/ipcidr/8");
    }

    @Test
    void aDnsNameIsNotFollowedIntoAFilteredRange() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        String port = b.listenAddresses().getFirst().valueOf("tcp").orElseThrow();
        Multiaddr byName = Multiaddr.parse("/dns4/localhost/tcp/" + port + "/p2p/" + b.peerId());
        a.addrFilters().add(filters("/ip4/127.0.0.0/ipcidr/8"));
        assertThatThrownBy(() -> a.connect(byName)).isInstanceOf(IOException.class)
                .hasMessageContaining("address filtered: /dns4/localhost/tcp/" + port);
        assertThat(b.isConnected(a.peerId())).isFalse();
        a.addrFilters().clear();
        assertThat(a.connect(byName).remotePeer()).isEqualTo(b.peerId());
    }

    @Test
    void filteredAddressesAreSkippedAndTheOthersDialled() throws Exception {
        Host b = new Host(Identity.generate(new SecureRandom()), HostConfig.defaults(), new SecureRandom(),
                InstantSource.system());
        try (b) {
            b.start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.2/tcp/0")));
            Host a = hosts.start();
            a.addrFilters().add(filters("/ip4/127.0.0.1/ipcidr/32"));
            a.peerStore().addAddresses(b.peerId(), b.listenAddresses());
            Connection c = a.connect(b.peerId());
            assertThat(c.remoteAddress()).hasValueSatisfying(
                    addr -> assertThat(addr.valueOf("ip4")).hasValue("127.0.0.2"));
        }
    }

    @Test
    void inboundConnectionsFromAFilteredAddressAreRefused() throws Exception {
        Host a = hosts.start();
        Host b = hosts.start();
        a.addrFilters().add(filters("/ip4/127.0.0.1/ipcidr/32"));
        assertThatThrownBy(() -> b.connect(TestHosts.dialable(a))).isInstanceOf(IOException.class);
        assertThat(a.isConnected(b.peerId())).isFalse();
        assertThat(a.connectionManager().connectionCount()).isZero();

        a.addrFilters().clear();
        assertThat(b.connect(TestHosts.dialable(a)).remotePeer()).isEqualTo(a.peerId());
    }

    @Test
    void noAnnounceHidesRangesAndExactAddresses() throws Exception {
        Host a = hosts.start();
        a.setAnnounceAddresses(List.of(Multiaddr.parse("/ip4/10.1.2.3/tcp/4001"),
                Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"), Multiaddr.parse("/ip4/1.2.3.4/tcp/4002"),
                Multiaddr.parse("/dns4/example.com/tcp/4001"), Multiaddr.parse("/ip6/fd00::1/tcp/4001")));
        a.setNoAnnounce(AnnounceFilter.parse(List.of("/ip4/10.0.0.0/ipcidr/8", "/ip6/fc00::/ipcidr/7",
                "/ip4/1.2.3.4/tcp/4002/p2p/" + a.peerId())));
        assertThat(a.announceAddresses()).extracting(Object::toString)
                .containsExactly("/ip4/1.2.3.4/tcp/4001", "/dns4/example.com/tcp/4001");

        // the listening addresses are filtered the same way when nothing is configured to announce
        a.setAnnounceAddresses(List.of());
        a.setNoAnnounce(AnnounceFilter.parse(List.of("/ip4/127.0.0.0/ipcidr/8")));
        assertThat(a.announceAddresses()).isEmpty();
        a.setNoAnnounce(AnnounceFilter.NONE);
        assertThat(a.announceAddresses()).isEqualTo(a.listenAddresses());
        assertThatThrownBy(() -> AnnounceFilter.parse(List.of("10.0.0.0/8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/8");
        assertThatThrownBy(() -> AnnounceFilter.parse(List.of("/ip4/10.0.0.0/ipcidr/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("33");
    }
}
