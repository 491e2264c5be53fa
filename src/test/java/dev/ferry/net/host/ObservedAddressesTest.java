package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ObservedAddressesTest {
    private static final List<Multiaddr> LISTEN = List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"));
    private static final Multiaddr LOCAL = Multiaddr.parse("/ip4/192.168.1.5/tcp/4001");
    private static final Multiaddr PUBLIC = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = now::get;
    private final ObservedAddresses observed = new ObservedAddresses(clock);

    private static Multiaddr observer(int i) {
        return Multiaddr.parse("/ip4/198.51.100." + i + "/tcp/" + (1000 + i));
    }

    private void pass(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void anAddressIsConfirmedByTheFourthDistinctObserver() {
        for (int i = 1; i <= 3; i++) {
            assertThat(observed.observe(LOCAL, observer(i), PUBLIC, LISTEN)).isFalse();
        }
        // the same observer again, from another port, is still one
        assertThat(observed.observe(LOCAL, Multiaddr.parse("/ip4/198.51.100.1/tcp/9"), PUBLIC, LISTEN)).isFalse();
        assertThat(observed.confirmed(LISTEN)).isEmpty();
        assertThat(observed.observations(LISTEN)).singleElement()
                .satisfies(o -> assertThat(o.observers()).isEqualTo(3))
                .satisfies(o -> assertThat(o.confirmed()).isFalse());

        assertThat(observed.observe(LOCAL, observer(4), PUBLIC, LISTEN)).isTrue();
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);
        assertThat(observed.observe(LOCAL, observer(5), PUBLIC, LISTEN)).as("no change").isFalse();
        assertThat(observed.observations(LISTEN)).singleElement()
                .satisfies(o -> assertThat(o.observers()).isEqualTo(5))
                .satisfies(o -> assertThat(o.confirmed()).isTrue());
    }

    @Test
    void ipv6ObserversGroupBySlash56() {
        Multiaddr local6 = Multiaddr.parse("/ip6/2001:db8:1::5/tcp/4001");
        Multiaddr public6 = Multiaddr.parse("/ip6/2001:db8:1::5/tcp/4001");
        List<Multiaddr> listen6 = List.of(Multiaddr.parse("/ip6/::/tcp/4001"));
        for (int i = 1; i <= 6; i++) { // one /56: 2001:db8:aa00::/56 whatever the rest
            observed.observe(local6, Multiaddr.parse("/ip6/2001:db8:aa00:" + i + "0::1/tcp/1"), public6, listen6);
        }
        assertThat(observed.confirmed(listen6)).isEmpty();
        assertThat(observed.observations(listen6).getFirst().observers()).isEqualTo(1);
        for (int i = 1; i <= 3; i++) { // three more /56s
            observed.observe(local6, Multiaddr.parse("/ip6/2001:db8:bb0" + i + "::1/tcp/1"), public6, listen6);
        }
        assertThat(observed.confirmed(listen6)).containsExactly(public6);
    }

    @Test
    void onlyConnectionsOnAListenPortCount() {
        Multiaddr ephemeral = Multiaddr.parse("/ip4/192.168.1.5/tcp/51234");
        Multiaddr otherIp = Multiaddr.parse("/ip4/192.168.1.5/tcp/4001");
        List<Multiaddr> specific = List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001"));
        Multiaddr ws = Multiaddr.parse("/ip4/192.168.1.5/tcp/4001/ws");
        for (int i = 1; i <= 5; i++) {
            observed.observe(ephemeral, observer(i), PUBLIC, LISTEN);
            observed.observe(otherIp, observer(i), PUBLIC, specific); // bound to another IP
            observed.observe(ws, observer(i), PUBLIC, LISTEN); // a /ws connection seen as plain TCP
            observed.observe(LOCAL, observer(i), Multiaddr.parse("/ip4/203.0.113.7/udp/4001/quic-v1"), LISTEN);
        }
        assertThat(observed.observations(LISTEN)).isEmpty();
        assertThat(observed.observations(specific)).isEmpty();
    }

    @Test
    void loopbackAndOutOfScopeObservationsDoNotCount() {
        Multiaddr loopback = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
        Multiaddr privateAddr = Multiaddr.parse("/ip4/10.1.2.3/tcp/4001");
        for (int i = 1; i <= 5; i++) {
            observed.observe(LOCAL, observer(i), loopback, LISTEN); // a loopback address is no news
            observed.observe(LOCAL, Multiaddr.parse("/ip4/127.0.0." + i + "/tcp/1"), PUBLIC, LISTEN);
            observed.observe(LOCAL, Multiaddr.parse("/ip4/192.168.1." + (10 + i) + "/tcp/1"), PUBLIC, LISTEN);
            observed.observe(LOCAL, observer(i), privateAddr, LISTEN); // an Internet peer cannot see 10/8
        }
        assertThat(observed.observations(LISTEN)).isEmpty();

        // a LAN's view of a LAN address counts
        for (int i = 1; i <= 4; i++) {
            observed.observe(LOCAL, Multiaddr.parse("/ip4/192.168.1." + (10 + i) + "/tcp/1"), privateAddr, LISTEN);
        }
        assertThat(observed.confirmed(LISTEN)).containsExactly(privateAddr);

        ObservedAddresses local = new ObservedAddresses(clock);
        local.setCountLoopback(true);
        for (int i = 1; i <= 4; i++) {
            local.observe(loopback, Multiaddr.parse("/ip4/127.0.0." + (i + 1) + "/tcp/1"), loopback, LISTEN);
        }
        assertThat(local.confirmed(LISTEN)).containsExactly(loopback);
    }

    @Test
    void observationsAgeOutAfterThirtyMinutes() {
        observed.observe(LOCAL, observer(1), PUBLIC, LISTEN);
        observed.observe(LOCAL, observer(2), PUBLIC, LISTEN);
        pass(Duration.ofMinutes(20));
        observed.observe(LOCAL, observer(3), PUBLIC, LISTEN);
        assertThat(observed.observe(LOCAL, observer(4), PUBLIC, LISTEN)).isTrue();
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);
        assertThat(observed.expire()).isFalse();

        pass(Duration.ofMinutes(11)); // the first two are 31 minutes old
        assertThat(observed.confirmed(LISTEN)).isEmpty();
        assertThat(observed.expire()).as("the confirmed set changed").isTrue();
        assertThat(observed.observations(LISTEN)).singleElement()
                .satisfies(o -> assertThat(o.observers()).isEqualTo(2));
        assertThat(observed.expire()).as("reported once").isFalse();

        pass(Duration.ofMinutes(30));
        observed.expire();
        assertThat(observed.observations(LISTEN)).isEmpty();
        // a renewed observer counts again
        for (int i = 1; i <= 4; i++) {
            observed.observe(LOCAL, observer(i), PUBLIC, LISTEN);
        }
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);
    }

    @Test
    void memoryIsBounded() {
        for (int i = 1; i <= 4; i++) {
            observed.observe(LOCAL, observer(i), PUBLIC, LISTEN);
        }
        for (int i = 0; i < 500; i++) { // one observer claiming many addresses
            pass(Duration.ofSeconds(1));
            observed.observe(LOCAL, observer(99), Multiaddr.parse("/ip4/203.0.113.7/tcp/" + (20000 + i)), LISTEN);
        }
        assertThat(observed.observations(LISTEN)).hasSize(ObservedAddresses.MAX_ADDRESSES);
        assertThat(observed.confirmed(LISTEN)).as("the well observed one survives").containsExactly(PUBLIC);

        for (int i = 1; i <= 200; i++) {
            observed.observe(LOCAL, Multiaddr.parse("/ip4/198.51." + (i / 200) + "." + (i % 200) + "/tcp/1"), PUBLIC,
                    LISTEN);
        }
        assertThat(observed.observations(LISTEN).getFirst().observers()).isEqualTo(ObservedAddresses.MAX_OBSERVERS);
    }

    @Test
    void atMostThreeConfirmedAddressesPerLocalAddressTheMostObservedFirst() {
        for (int port = 1; port <= 5; port++) {
            Multiaddr a = Multiaddr.parse("/ip4/203.0.113.7/tcp/" + (5000 + port));
            for (int i = 1; i <= 4 + port; i++) {
                observed.observe(LOCAL, observer(i), a, LISTEN);
            }
        }
        assertThat(observed.confirmed(LISTEN)).containsExactly(Multiaddr.parse("/ip4/203.0.113.7/tcp/5005"),
                Multiaddr.parse("/ip4/203.0.113.7/tcp/5004"), Multiaddr.parse("/ip4/203.0.113.7/tcp/5003"));
        assertThat(observed.observations(LISTEN)).hasSize(5);
    }

    @Test
    void anObservedAddressTakesTheFormOfEachListenerOnItsPort() {
        List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"),
                Multiaddr.parse("/ip4/0.0.0.0/tcp/4001/ws"), Multiaddr.parse("/ip4/0.0.0.0/tcp/4002/ws"));
        Multiaddr mapped = Multiaddr.parse(
                "/ip4/203.0.113.7/tcp/6001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        for (int i = 1; i <= 4; i++) {
            observed.observe(LOCAL, observer(i), mapped, listen);
        }
        assertThat(observed.confirmed(listen)).containsExactly(Multiaddr.parse("/ip4/203.0.113.7/tcp/6001"),
                Multiaddr.parse("/ip4/203.0.113.7/tcp/6001/ws"));
        // with the listener gone, nothing is shown for its port
        assertThat(observed.confirmed(List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4002/ws")))).isEmpty();
    }
}
