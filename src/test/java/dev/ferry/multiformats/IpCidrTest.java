package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpCidrTest {
    @Test
    void parsesNetmasksAndClearsTheHostBits() {
        assertThat(IpCidr.parse("/ip4/10.1.2.3/ipcidr/8").toString()).isEqualTo("/ip4/10.0.0.0/ipcidr/8");
        assertThat(IpCidr.parse("/ip4/10.1.2.3/ipcidr/8")).isEqualTo(IpCidr.parse("/ip4/10.0.0.0/ipcidr/8"));
        assertThat(IpCidr.parse("/ip6/fc00::/ipcidr/7").toString()).isEqualTo("/ip6/fc00::/ipcidr/7");
        assertThat(IpCidr.parse("/ip6/fe80::1/ipcidr/10").toString()).isEqualTo("/ip6/fe80::/ipcidr/10");
        assertThat(IpCidr.parse("/ip4/1.2.3.4/ipcidr/32").prefixLength()).isEqualTo(32);
        assertThat(IpCidr.parse("/ip4/1.2.3.4/ipcidr/0").toString()).isEqualTo("/ip4/0.0.0.0/ipcidr/0");
    }

    @Test
    void refusesAnythingButAnAddressAndItsPrefixLength() {
        for (String bad : new String[] {"10.0.0.0/8", "/ip4/10.0.0.0", "/ip4/10.0.0.0/ipcidr/33",
                "/ip6/::/ipcidr/129", "/ip4/10.0.0.0/tcp/8", "/dns4/example.com/ipcidr/8", "/ipcidr/8",
                "/ip4/10.0.0.0/ipcidr/8/tcp/1", "/ip4/10.0.0/ipcidr/8", "/ip4/10.0.0.0/ipcidr/x", ""}) {
            assertThatThrownBy(() -> IpCidr.parse(bad)).as(bad).isInstanceOf(MultiformatException.class);
        }
        assertThatThrownBy(() -> IpCidr.parse("/ip4/10.0.0.0/ipcidr/33")).hasMessageContaining("33");
    }

    @Test
    void matchesTheLeadingIpOfAnAddress() {
        IpCidr ten = IpCidr.parse("/ip4/10.0.0.0/ipcidr/8");
        assertThat(ten.matches(Multiaddr.parse("/ip4/10.200.1.1/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq"))).isTrue();
        assertThat(ten.matches(Multiaddr.parse("/ip4/11.0.0.1/tcp/4001"))).isFalse();
        assertThat(ten.matches(Multiaddr.parse("/dns4/10.example.com/tcp/4001"))).isFalse();
        assertThat(ten.matches(Multiaddr.parse("/ip6/::1/tcp/4001"))).isFalse();
        // an IPv4-mapped IPv6 address is its IPv4 address, as Go's net.IPNet sees it
        assertThat(ten.matches(Multiaddr.parse("/ip6/::ffff:10.1.1.1/tcp/4001"))).isTrue();
        IpCidr ula = IpCidr.parse("/ip6/fc00::/ipcidr/7");
        assertThat(ula.matches(Multiaddr.parse("/ip6/fd12:3456::1/tcp/4001"))).isTrue();
        assertThat(ula.matches(Multiaddr.parse("/ip6zone/eth0/ip6/fd12::1/tcp/4001"))).isTrue();
        assertThat(ula.matches(Multiaddr.parse("/ip6/fe80::1/tcp/4001"))).isFalse();
        assertThat(ula.matches(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001"))).isFalse();
    }
}
