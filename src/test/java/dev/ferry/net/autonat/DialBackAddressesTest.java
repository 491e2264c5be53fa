package dev.ferry.net.autonat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DialBackAddressesTest {
    static final SecureRandom RANDOM = new SecureRandom();
    final PeerId peer = Identity.generate(RANDOM).peerId();
    final Multiaddr observed = Multiaddr.parse("/ip4/203.0.113.7/tcp/51234");

    static byte[] b(String a) {
        return Multiaddr.parse(a).bytes();
    }

    static List<String> text(List<Multiaddr> l) {
        return l.stream().map(Multiaddr::toString).toList();
    }

    @Test
    void dialsOnlyTheObservedIpKeepingTheRequestedPortsAndTransports() {
        List<Multiaddr> got = DialBackAddresses.select(observed, List.of(
                b("/ip4/192.168.1.5/tcp/4001"),       // a private address behind the NAT: its port at the public IP
                b("/ip6/2001:db8::1/tcp/4002/ws"),   // another family: rewritten too
                b("/ip4/203.0.113.7/tcp/4001"),      // the same as the first once rewritten
                b("/dns4/example.com/tcp/4003"),     // no IP to compare: skipped
                b("/ip4/198.51.100.1/udp/4001/quic-v1"), // not TCP: skipped
                b("/ip4/198.51.100.1/tcp/4004/p2p/" + Identity.generate(RANDOM).peerId()), // someone else
                b("/ip4/198.51.100.1/tcp/4005/p2p/" + peer),
                new byte[] {1, 2, 3}),              // unreadable: skipped
                peer, 16);
        assertThat(text(got)).containsExactly("/ip4/203.0.113.7/tcp/51234", "/ip4/203.0.113.7/tcp/4001",
                "/ip4/203.0.113.7/tcp/4002/ws", "/ip4/203.0.113.7/tcp/4005");
    }

    @Test
    void stopsAtTheCap() {
        List<byte[]> many = IntStream.range(0, 50).mapToObj(i -> b("/ip4/10.0.0.1/tcp/" + (5000 + i))).toList();
        List<Multiaddr> got = DialBackAddresses.select(observed, many, peer, 16);
        assertThat(got).hasSize(16).first().isEqualTo(observed);
    }

    @Test
    void anObservedAddressOfAnotherTransportIsNotDialledItself() {
        Multiaddr quic = Multiaddr.parse("/ip4/203.0.113.7/udp/4001/quic-v1");
        assertThat(text(DialBackAddresses.select(quic, List.of(b("/ip4/10.0.0.1/tcp/4001")), peer, 16)))
                .containsExactly("/ip4/203.0.113.7/tcp/4001");
        assertThat(DialBackAddresses.select(quic, List.of(), peer, 16)).isEmpty();
    }
}
