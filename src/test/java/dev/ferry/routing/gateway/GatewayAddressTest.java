package dev.ferry.routing.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayAddressTest {
    private static Optional<URI> of(String addr) {
        return GatewayAddress.of(Multiaddr.parse(addr));
    }

    @Test
    void httpsGatewayAddresses() {
        assertThat(of("/dns/example.com/tcp/443/https")).contains(URI.create("https://example.com:443"));
        assertThat(of("/dns4/Example.COM/tcp/8443/tls/http")).contains(URI.create("https://example.com:8443"));
        assertThat(of("/ip4/1.2.3.4/tcp/443/tls/sni/example.com/http")).contains(URI.create("https://1.2.3.4:443"));
        assertThat(of("/ip6/2001:db8::1/tcp/443/https")).contains(URI.create("https://[2001:db8::1]:443"));
        assertThat(of("/dns/example.com/tcp/443/https/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"))
                .contains(URI.create("https://example.com:443"));
    }

    @Test
    void plainHttpOnlyOnLoopback() {
        assertThat(of("/ip4/127.0.0.1/tcp/8080/http")).contains(URI.create("http://127.0.0.1:8080"));
        assertThat(of("/ip6/::1/tcp/8080/http")).contains(URI.create("http://[::1]:8080"));
        assertThat(of("/dns/localhost/tcp/8080/http")).contains(URI.create("http://localhost:8080"));
        assertThat(of("/ip4/1.2.3.4/tcp/80/http")).isEmpty();
        assertThat(of("/dns/example.com/tcp/80/http")).isEmpty();
    }

    @Test
    void otherAddressesAreNoGateways() {
        assertThat(of("/ip4/1.2.3.4/tcp/4001")).isEmpty();
        assertThat(of("/ip4/1.2.3.4/udp/4001/quic-v1")).isEmpty();
        assertThat(of("/ip4/1.2.3.4/tcp/443/ws")).isEmpty();
        assertThat(of("/ip4/1.2.3.4/tcp/443/tls/ws")).isEmpty();
        assertThat(of("/ip4/1.2.3.4/tcp/0/https")).isEmpty();
    }
}
