package dev.ferry.routing.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.store.Block;
import dev.ferry.testing.ManualClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProviderGatewaysTest {
    private final ManualClock clock = new ManualClock();
    private final ProviderGateways gateways = new ProviderGateways(h -> !h.equals("blocked.example"),
            GatewayPoolConfig.defaults().withIdleTimeout(Duration.ofSeconds(2)), clock);
    private final Block block = Block.raw("a block".getBytes(StandardCharsets.UTF_8));

    @AfterEach
    void close() {
        gateways.close();
    }

    private static Multiaddr https(String host) {
        return Multiaddr.parse("/dns/" + host + "/tcp/443/https");
    }

    @Test
    void takesOnlyAllowedGatewayAddressesAndForgetsThemInTime() {
        Cid cid = block.cid();
        assertThat(gateways.isEmpty()).isTrue();
        assertThatThrownBy(() -> gateways.fetchBlock(cid)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.NO_GATEWAY));
        assertThat(gateways.learn(cid, List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"), https("blocked.example"),
                Multiaddr.parse("/ip4/1.2.3.4/tcp/80/http"), https("a.example"), https("a.example")))).containsExactly(
                URI.create("https://a.example:443"));
        gateways.learn(cid, List.of(https("b.example")));
        assertThat(gateways.gateways()).containsExactly(URI.create("https://b.example:443"),
                URI.create("https://a.example:443")); // the most recently found first
        clock.advance(ProviderGateways.FORGET_AFTER.minusMinutes(1));
        gateways.learn(cid, List.of(https("a.example")));
        clock.advance(Duration.ofMinutes(2));
        assertThat(gateways.gateways()).containsExactly(URI.create("https://a.example:443"));
        for (int i = 0; i < ProviderGateways.MAX_GATEWAYS + 5; i++) {
            gateways.learn(cid, List.of(https("g" + i + ".example")));
        }
        assertThat(gateways.gateways()).hasSize(ProviderGateways.MAX_GATEWAYS)
                .doesNotContain(URI.create("https://a.example:443"));
    }

    @Test
    void aLiarIsBenchedAndAnHonestOneDelivers() throws Exception {
        try (HostileGateway liar = new HostileGateway(HostileGateway.Mode.WRONG_BYTES);
                HostileGateway good = new HostileGateway(HostileGateway.Mode.GOOD)) {
            liar.store.put(block);
            good.store.put(block);
            Multiaddr goodAddr = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + good.uri().getPort() + "/http");
            Multiaddr liarAddr = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + liar.uri().getPort() + "/http");
            gateways.learn(block.cid(), List.of(goodAddr));
            gateways.learn(block.cid(), List.of(liarAddr)); // asked first
            assertThat(gateways.fetchBlock(block.cid()).data()).isEqualTo(block.data());
            assertThat(liar.requests()).isEqualTo(1);
            assertThat(gateways.gateways()).containsExactly(good.uri());
            clock.advance(ProviderGateways.INVALID_BACKOFF);
            gateways.learn(block.cid(), List.of(liarAddr));
            assertThat(gateways.gateways()).hasSize(2);
        }
    }
}
