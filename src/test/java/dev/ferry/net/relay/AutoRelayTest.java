package dev.ferry.net.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A peer with autorelay among three relays and a peer that is none, on 127.0.0.1. */
@Timeout(60)
class AutoRelayTest {
    final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    static boolean within(Duration d, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    static long circuits(Host h) {
        return h.announceAddresses().stream().filter(CircuitAddress::isCircuit).count();
    }

    @Test
    void reservesOnTheDesiredNumberOfRelaysAmongPeersAndReplacesOneThatGoesAway() throws Exception {
        List<Host> relays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Host r = hosts.start();
            RelayService.install(r, RelayLimits.defaults());
            IdentifyService.install(r);
            relays.add(r);
        }
        Host plain = hosts.start();
        IdentifyService.install(plain);
        Host a = hosts.start();
        IdentifyService identify = IdentifyService.install(a);
        RelayClient client = RelayClient.install(a);
        try (AutoRelay auto = AutoRelay.start(a, client, 2)) {
            a.connect(TestHosts.dialable(plain));
            for (Host r : relays) {
                a.connect(TestHosts.dialable(r));
                assertThat(identify.awaitPeer(r.peerId(), p -> p.protocols().contains(RelayService.HOP_PROTOCOL_ID),
                        Duration.ofSeconds(10))).isTrue();
            }
            Thread.sleep(300);
            assertThat(auto.relays()).isEmpty(); // inactive: nothing reserved
            assertThat(circuits(a)).isZero();

            auto.setActive(true);

            assertThat(within(Duration.ofSeconds(10), () -> auto.relays().size() == 2 && circuits(a) == 2)).isTrue();
            assertThat(auto.relays()).doesNotContain(plain.peerId());
            Set<PeerId> first = auto.relays();
            assertThat(first).allMatch(p -> a.connectionManager().isProtected(p));
            Host gone = relays.stream().filter(r -> first.contains(r.peerId())).findFirst().orElseThrow();
            Host spare = relays.stream().filter(r -> !first.contains(r.peerId())).findFirst().orElseThrow();

            gone.close();

            assertThat(within(Duration.ofSeconds(10), () -> auto.relays().contains(spare.peerId())
                    && !auto.relays().contains(gone.peerId()) && auto.relays().size() == 2)).isTrue();
            assertThat(within(Duration.ofSeconds(5), () -> circuits(a) == 2 && a.announceAddresses().stream()
                    .noneMatch(m -> m.toString().contains(gone.peerId().toString())))).isTrue();
            assertThat(client.reservations()).hasSize(2);

            auto.setActive(false);

            assertThat(within(Duration.ofSeconds(5), () -> auto.relays().isEmpty() && circuits(a) == 0)).isTrue();
            assertThat(client.reservations()).isEmpty();
            assertThat(a.connectionManager().isProtected(spare.peerId())).isFalse();
        }
    }

    @Test
    void aRelayThatRefusesIsLeftAloneAndNoneIsAFineAnswer() throws Exception {
        Host stingy = hosts.start();
        RelayLimits d = RelayLimits.defaults();
        RelayService.install(stingy, d.withReservations(d.reservationTtl(), 0, d.maxReservationsPerPeer(),
                d.maxReservationsPerIp()));
        IdentifyService.install(stingy);
        Host a = hosts.start();
        IdentifyService identify = IdentifyService.install(a);
        RelayClient client = RelayClient.install(a);
        try (AutoRelay auto = AutoRelay.start(a, client, 2)) {
            a.connect(TestHosts.dialable(stingy));
            assertThat(identify.awaitPeer(stingy.peerId(), p -> p.protocols().contains(RelayService.HOP_PROTOCOL_ID),
                    Duration.ofSeconds(10))).isTrue();
            auto.setActive(true);
            Thread.sleep(1000);
            assertThat(auto.relays()).isEmpty();
            assertThat(client.reservations()).isEmpty();
            assertThat(circuits(a)).isZero();
        }
    }
}
