package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AutoNAT v2's verdicts on a host: what is announced, what is never dropped, and when listeners hear of it. */
@Timeout(30)
class HostAddressVerdictsTest {
    private final TestHosts hosts = new TestHosts();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger candidateChanges = new AtomicInteger();

    @AfterEach
    void close() {
        hosts.close();
    }

    private Host start() throws Exception {
        Host h = hosts.start();
        h.addListener(new HostListener() {
            @Override
            public void addressesChanged() {
                changes.incrementAndGet();
            }

            @Override
            public void addressCandidatesChanged() {
                candidateChanges.incrementAndGet();
            }
        });
        return h;
    }

    private static Multiaddr observer(int i) {
        return Multiaddr.parse("/ip4/198.51.100." + i + "/tcp/4001");
    }

    private static Multiaddr mapped(Host h, String ip) {
        return Multiaddr.parse("/ip4/" + ip + "/tcp/" + h.listenAddresses().getFirst().valueOf("tcp").orElseThrow());
    }

    @Test
    void eachChangeOfTheAnnouncedAddressesIsHeardOnceAndOnlyThen() throws Exception {
        Host a = start();
        Multiaddr local = a.listenAddresses().getFirst();
        Multiaddr confirmed = mapped(a, "203.0.113.7");
        Multiaddr early = mapped(a, "203.0.113.8");
        for (int i = 1; i <= 4; i++) {
            a.recordObservedAddress(local, observer(i), confirmed);
        }
        assertThat(changes).hasValue(1);
        assertThat(candidateChanges).as("a candidate at 2 groups; unchanged at 3 and 4").hasValue(1);
        a.recordObservedAddress(local, observer(1), early);
        assertThat(a.addressCandidates()).containsExactly(confirmed);
        a.recordObservedAddress(local, observer(2), early);
        assertThat(candidateChanges).hasValue(2);
        assertThat(a.addressCandidates()).containsExactly(confirmed, early);
        assertThat(changes).as("a candidate is not announced").hasValue(1);

        a.setAddressVerdicts(List.of(early), List.of(confirmed));
        assertThat(changes).hasValue(2);
        assertThat(a.announceAddresses()).containsExactly(local, early);
        a.setAddressVerdicts(List.of(early), List.of(confirmed));
        assertThat(changes).as("the same verdicts: nothing to push").hasValue(2);

        a.setAddressVerdicts(List.of(early, confirmed), List.of());
        assertThat(changes).hasValue(3);
        assertThat(a.announceAddresses()).containsExactly(local, confirmed, early);
        a.setAddressVerdicts(List.of(), List.of());
        assertThat(changes).as("the early one waits for its fourth group again").hasValue(4);
        assertThat(a.announceAddresses()).containsExactly(local, confirmed);
    }

    @Test
    void configuredAndListenAddressesAreNeverDropped() throws Exception {
        Host a = start();
        Multiaddr local = a.listenAddresses().getFirst();
        Multiaddr appended = mapped(a, "203.0.113.9");
        a.setAppendAnnounce(List.of(appended));
        a.observedAddresses().setCountLoopback(true);
        for (int i = 1; i <= 4; i++) { // observed at its own listen address and at the appended one
            a.recordObservedAddress(local, observer(i), local);
            a.recordObservedAddress(local, observer(i), appended);
        }
        assertThat(a.observedAddresses().confirmed(a.listenAddresses())).containsExactlyInAnyOrder(local, appended);
        a.setAddressVerdicts(List.of(), List.of(local, appended));
        assertThat(a.observedAddresses().confirmed(a.listenAddresses())).isEmpty();
        assertThat(a.announceAddresses()).containsExactly(local, appended);

        Multiaddr announced = Multiaddr.parse("/ip4/203.0.113.10/tcp/4001");
        a.setAnnounceAddresses(List.of(announced));
        a.setAddressVerdicts(List.of(), List.of(announced));
        assertThat(a.announceAddresses()).containsExactly(announced, appended);
        assertThat(a.addressCandidates()).as("observed addresses are not announced at all then").isEmpty();
    }
}
