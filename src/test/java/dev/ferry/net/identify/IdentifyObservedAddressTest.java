package dev.ferry.net.identify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.ObservedAddresses;
import dev.ferry.net.transport.TcpPortReuse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Identify's observed addresses reach the host's {@link ObservedAddresses} on loopback, the observers on 127.0.0.2 to
 * 127.0.0.5 (loopback made to count), each answering A's identify with the address it sees A at.
 */
@Timeout(30)
class IdentifyObservedAddressTest {
    private final SecureRandom random = new SecureRandom();
    private final List<Host> hosts = new ArrayList<>();

    @AfterEach
    void close() {
        hosts.forEach(Host::close);
    }

    private record Node(Host host, IdentifyService identify) {}

    private Node start(String ip, TcpPortReuse reuse) throws Exception {
        Host h = new Host(Identity.generate(random), HostConfig.defaults().withTcpPortReuse(reuse));
        hosts.add(h);
        h.start(List.of(Multiaddr.parse("/ip4/" + ip + "/tcp/0")));
        h.observedAddresses().setCountLoopback(true);
        return new Node(h, IdentifyService.install(h));
    }

    private static List<ObservedAddresses.Observation> observations(Host h) {
        return h.observedAddresses().observations(h.listenAddresses());
    }

    @Test
    void dialsFromTheListenPortAreObservedThereAndConfirmedByFourObservers() throws Exception {
        Node na = start("127.0.0.1", TcpPortReuse.ALL);
        Node np = start("127.0.0.1", TcpPortReuse.OFF);
        Host a = na.host();
        Host plain = np.host();
        Multiaddr listen = a.listenAddresses().getFirst();
        for (int i = 2; i <= 5; i++) {
            Host observer = start("127.0.0." + i, TcpPortReuse.ALL).host();
            Multiaddr at = observer.listenAddresses().getFirst().encapsulate("/p2p/" + observer.peerId());
            a.connect(at);
            plain.connect(at);
            np.identify().awaitIdentified(observer.peerId(), Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int want = i - 1;
            while (observations(a).isEmpty() || observations(a).getFirst().observers() < want) {
                assertThat(System.nanoTime()).as("observation %d", want).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(observations(a).getFirst().confirmed())
                    .isEqualTo(want >= ObservedAddresses.ACTIVATION_THRESHOLD);
        }
        assertThat(observations(a)).singleElement().satisfies(o -> assertThat(o.address()).isEqualTo(listen));
        assertThat(a.observedAddresses().confirmed(a.listenAddresses())).containsExactly(listen);
        // dials from ephemeral ports are observed at ports nobody can dial back: not counted
        assertThat(observations(plain)).isEmpty();
    }
}
