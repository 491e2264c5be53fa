package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How AutoNAT v2's verdicts shape the announced observed addresses, on synthetic observations. */
class ObservedAddressVerdictsTest {
    private static final List<Multiaddr> LISTEN = List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"));
    private static final Multiaddr LOCAL = Multiaddr.parse("/ip4/192.168.1.5/tcp/4001");
    private static final Multiaddr PUBLIC = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final ObservedAddresses observed = new ObservedAddresses((InstantSource) now::get);

    private static Multiaddr observer(int i) {
        return Multiaddr.parse("/ip4/198.51.100." + i + "/tcp/" + (1000 + i));
    }

    private static Multiaddr mapped(int i) {
        return Multiaddr.parse("/ip4/203.0.113." + i + "/tcp/4001");
    }

    /** {@code address} seen from {@code count} distinct observers (numbered from {@code first}). */
    private void see(Multiaddr address, int first, int count) {
        for (int i = first; i < first + count; i++) {
            observed.observe(LOCAL, observer(i), address, LISTEN);
        }
    }

    private ObservedAddresses.Observation observation(Multiaddr a) {
        return observed.observations(LISTEN).stream().filter(o -> o.address().equals(a)).findFirst().orElseThrow();
    }

    @Test
    void aConfirmedAddressFoundUnreachableIsDroppedAndReturnsWhenTheVerdictTurns() {
        see(PUBLIC, 1, 5);
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);
        assertThat(observation(PUBLIC).reason()).isEqualTo("confirmed by 5 observers");

        assertThat(observed.setVerdicts(List.of(), List.of(PUBLIC))).as("dropped: a change").isTrue();
        assertThat(observed.confirmed(LISTEN)).isEmpty();
        assertThat(observation(PUBLIC)).satisfies(o -> {
            assertThat(o.announced()).isFalse();
            assertThat(o.confirmed()).as("the observers still agree").isTrue();
            assertThat(o.status()).isEqualTo(ObservedAddressStatus.UNREACHABLE);
            assertThat(o.reason()).isEqualTo("dropped: unreachable (AutoNAT v2)");
        });
        assertThat(observed.candidates(LISTEN)).as("still checked, so that it can come back").containsExactly(PUBLIC);
        assertThat(observed.setVerdicts(List.of(), List.of(PUBLIC))).as("the same verdict again").isFalse();
        see(PUBLIC, 6, 3);
        assertThat(observed.confirmed(LISTEN)).as("more observers do not override the verdict").isEmpty();

        assertThat(observed.setVerdicts(List.of(), List.of())).as("unknown again: back").isTrue();
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);

        observed.setVerdicts(List.of(), List.of(PUBLIC));
        assertThat(observed.setVerdicts(List.of(PUBLIC), List.of())).as("public: back").isTrue();
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);
        assertThat(observation(PUBLIC).status()).isEqualTo(ObservedAddressStatus.CONFIRMED);
    }

    @Test
    void twoGroupsMakeACandidateThatAReachableVerdictAnnouncesAtOnce() {
        see(PUBLIC, 1, 1);
        assertThat(observed.candidates(LISTEN)).isEmpty();
        assertThat(observation(PUBLIC).status()).isEqualTo(ObservedAddressStatus.OBSERVED);
        assertThat(observation(PUBLIC).reason()).isEmpty();
        assertThat(observed.setVerdicts(List.of(PUBLIC), List.of())).as("one observer: not a candidate").isFalse();
        assertThat(observed.confirmed(LISTEN)).isEmpty();
        observed.setVerdicts(List.of(), List.of());

        assertThat(observed.observe(LOCAL, observer(2), PUBLIC, LISTEN)).as("a candidate is not announced").isFalse();
        assertThat(observed.candidates(LISTEN)).containsExactly(PUBLIC);
        assertThat(observation(PUBLIC).status()).isEqualTo(ObservedAddressStatus.CANDIDATE);
        assertThat(observed.confirmed(LISTEN)).isEmpty();

        assertThat(observed.setVerdicts(List.of(PUBLIC), List.of())).isTrue();
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);
        assertThat(observation(PUBLIC)).satisfies(o -> {
            assertThat(o.announced()).isTrue();
            assertThat(o.confirmed()).isFalse();
            assertThat(o.reason()).isEqualTo("reachable (AutoNAT v2)");
        });
        // the fourth group confirms it: still announced, now for that reason
        assertThat(observed.observe(LOCAL, observer(3), PUBLIC, LISTEN)).isFalse();
        assertThat(observed.observe(LOCAL, observer(4), PUBLIC, LISTEN)).isFalse();
        assertThat(observation(PUBLIC).status()).isEqualTo(ObservedAddressStatus.CONFIRMED);

        // an unreachable candidate is not announced at the fourth group either
        Multiaddr other = mapped(9);
        see(other, 1, 2);
        observed.setVerdicts(List.of(PUBLIC), List.of(other));
        see(other, 3, 2);
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);
    }

    @Test
    void anEarlyAnnouncedCandidateAgesOutWithItsObservations() {
        see(PUBLIC, 1, 2);
        observed.setVerdicts(List.of(PUBLIC), List.of());
        assertThat(observed.confirmed(LISTEN)).containsExactly(PUBLIC);
        now.set(now.get().plus(ObservedAddresses.TTL).plus(Duration.ofSeconds(1)));
        assertThat(observed.expire()).isTrue();
        assertThat(observed.confirmed(LISTEN)).isEmpty();
        assertThat(observed.candidates(LISTEN)).isEmpty();
    }

    @Test
    void aVerdictOnAnyFormCountsForTheThinWaistAndReachableWinsADisagreement() {
        List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"),
                Multiaddr.parse("/ip4/0.0.0.0/tcp/4001/ws"));
        Multiaddr ws = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001/ws");
        for (int i = 1; i <= 4; i++) {
            observed.observe(LOCAL, observer(i), PUBLIC, listen);
        }
        assertThat(observed.candidates(listen)).containsExactly(PUBLIC, ws);
        observed.setVerdicts(List.of(), List.of(ws.encapsulate("/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN")));
        assertThat(observed.confirmed(listen)).isEmpty();
        observed.setVerdicts(List.of(PUBLIC), List.of(ws));
        assertThat(observed.confirmed(listen)).containsExactly(PUBLIC, ws);
    }

    @Test
    void theBoundPerLocalAddressCountsAnnouncedOnesOnly() {
        for (int a = 1; a <= 4; a++) {
            see(mapped(a), 1, 8 - a); // 7, 6, 5, 4 observers: the fourth is over the limit
        }
        assertThat(observed.confirmed(LISTEN)).containsExactly(mapped(1), mapped(2), mapped(3));
        assertThat(observation(mapped(4)).status()).isEqualTo(ObservedAddressStatus.OVER_LIMIT);
        assertThat(observation(mapped(4)).confirmed()).isFalse();
        assertThat(observation(mapped(4)).reason()).isEqualTo("over the limit of 3 per local address");
        assertThat(observed.candidates(LISTEN)).doesNotContain(mapped(4));

        // one withdrawn leaves its place to the next
        assertThat(observed.setVerdicts(List.of(), List.of(mapped(2)))).isTrue();
        assertThat(observed.confirmed(LISTEN)).containsExactly(mapped(1), mapped(3), mapped(4));

        // an early one takes a place too, after the confirmed ones
        see(mapped(5), 1, 2);
        observed.setVerdicts(List.of(mapped(5)), List.of(mapped(2)));
        assertThat(observed.confirmed(LISTEN)).containsExactly(mapped(1), mapped(3), mapped(4));
        assertThat(observation(mapped(5)).status()).isEqualTo(ObservedAddressStatus.OVER_LIMIT);
        observed.setVerdicts(List.of(mapped(5)), List.of(mapped(2), mapped(3)));
        assertThat(observed.confirmed(LISTEN)).containsExactly(mapped(1), mapped(4), mapped(5));
    }

    @Test
    void candidatesAreBoundedTheMostObservedFirst() {
        for (int a = 1; a <= ObservedAddresses.MAX_CANDIDATES + 5; a++) {
            Multiaddr m = Multiaddr.parse("/ip4/203.0.113." + a + "/tcp/" + (5000 + a));
            see(m, 1, a <= 3 ? 3 : 2);
        }
        List<Multiaddr> c = observed.candidates(LISTEN);
        assertThat(c).hasSize(ObservedAddresses.MAX_CANDIDATES);
        assertThat(c.subList(0, 3)).allSatisfy(a -> assertThat(observation(a).observers()).isEqualTo(3));
    }
}
