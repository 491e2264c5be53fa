package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HostObservedAddressesTest {
    private final TestHosts hosts = new TestHosts();

    @AfterEach
    void close() {
        hosts.close();
    }

    private static Multiaddr observer(int i) {
        return Multiaddr.parse("/ip4/198.51.100." + i + "/tcp/4001");
    }

    @Test
    void aConfirmedObservedAddressIsAnnouncedUnlessAnnounceIsSetAndNoAnnounceStillHidesIt() throws Exception {
        Host a = hosts.start();
        AtomicInteger changes = new AtomicInteger();
        a.addListener(new HostListener() {
            @Override
            public void addressesChanged() {
                changes.incrementAndGet();
            }
        });
        Multiaddr local = a.listenAddresses().getFirst();
        Multiaddr mapped = Multiaddr.parse("/ip4/203.0.113.7/tcp/" + local.valueOf("tcp").orElseThrow());
        for (int i = 1; i <= 3; i++) {
            a.recordObservedAddress(local, observer(i), mapped);
        }
        assertThat(a.announceAddresses()).doesNotContain(mapped);
        assertThat(changes).hasValue(0);

        a.recordObservedAddress(local, observer(4), mapped);
        assertThat(changes).hasValue(1);
        assertThat(a.announceAddresses()).containsExactly(local, mapped);

        a.setNoAnnounce(AnnounceFilter.parse(List.of("/ip4/203.0.113.0/ipcidr/24")));
        assertThat(a.announceAddresses()).containsExactly(local);
        a.setNoAnnounce(AnnounceFilter.NONE);

        Multiaddr announced = Multiaddr.parse("/dns4/example.com/tcp/4001");
        a.setAnnounceAddresses(List.of(announced));
        assertThat(a.announceAddresses()).as("Addresses.Announce alone").containsExactly(announced);
    }

    @Test
    void anObservationOnAnEphemeralPortOrARelayedConnectionIsIgnored() throws Exception {
        Host a = hosts.start();
        Multiaddr ephemeral = Multiaddr.parse("/ip4/127.0.0.1/tcp/1");
        Multiaddr mapped = Multiaddr.parse("/ip4/203.0.113.7/tcp/1");
        for (int i = 1; i <= 5; i++) {
            a.recordObservedAddress(ephemeral, observer(i), mapped);
        }
        assertThat(a.observedAddresses().observations(a.listenAddresses())).isEmpty();
        assertThat(a.announceAddresses()).containsExactlyElementsOf(a.listenAddresses());
    }
}
