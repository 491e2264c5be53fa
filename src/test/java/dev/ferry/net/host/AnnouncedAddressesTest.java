package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncedAddressesTest {
    static Multiaddr ma(String s) {
        return Multiaddr.parse(s);
    }

    @Test
    void unspecifiedAddressesStandForTheInterfacesOfTheirFamily() throws Exception {
        List<InetAddress> interfaces = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("10.1.2.3"),
                InetAddress.getByName("::1"), InetAddress.getByName("fe80::1"), InetAddress.getByName("2001:db8::7"));
        List<Multiaddr> out = AnnouncedAddresses.expand(List.of(ma("/ip4/0.0.0.0/tcp/4001"), ma("/ip6/::/tcp/4002"),
                ma("/ip4/192.168.1.9/tcp/4003"), ma("/ip4/10.1.2.3/tcp/4001")), interfaces);
        assertThat(out).containsExactly(ma("/ip4/127.0.0.1/tcp/4001"), ma("/ip4/10.1.2.3/tcp/4001"),
                ma("/ip6/::1/tcp/4002"), ma("/ip6/2001:db8::7/tcp/4002"), ma("/ip4/192.168.1.9/tcp/4003"));
    }

    @Test
    void onThisMachineTheLoopbackIsAmongThem() {
        List<Multiaddr> out = AnnouncedAddresses.expand(List.of(ma("/ip4/0.0.0.0/tcp/4001")));
        assertThat(out).contains(ma("/ip4/127.0.0.1/tcp/4001"));
        assertThat(out).noneMatch(a -> a.toString().startsWith("/ip4/0.0.0.0"));
    }

    @Test
    void aHostAnnouncesWhatItIsToldOrItsExpandedListeners() throws Exception {
        try (TestHosts hosts = new TestHosts()) {
            Host h = hosts.start();
            assertThat(h.announceAddresses()).isEqualTo(h.listenAddresses()); // 127.0.0.1 needs no expansion
            h.setAnnounceAddresses(List.of(ma("/dns4/node.example/tcp/4001")));
            assertThat(h.announceAddresses()).containsExactly(ma("/dns4/node.example/tcp/4001"));
            h.setAnnounceAddresses(List.of());
            assertThat(h.announceAddresses()).isEqualTo(h.listenAddresses());
        }
    }
}
