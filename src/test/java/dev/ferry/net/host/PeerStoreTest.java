package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerStoreTest {
    final SecureRandom random = new SecureRandom();
    final AtomicLong ticks = new AtomicLong();
    final InstantSource clock = () -> Instant.ofEpochSecond(ticks.incrementAndGet());

    Identity id() {
        return Identity.generate(random);
    }

    @Test
    void addressesAreCappedDedupedAndStrippedOfP2p() {
        PeerStore store = new PeerStore(10, 3, clock);
        Identity p = id();
        store.addAddresses(p.peerId(), List.of(Multiaddr.parse("/ip4/1.1.1.1/tcp/1/p2p/" + p.peerId())));
        store.addAddresses(p.peerId(), List.of(Multiaddr.parse("/ip4/1.1.1.1/tcp/1"),
                Multiaddr.parse("/ip4/2.2.2.2/tcp/2"), Multiaddr.parse("/ip4/3.3.3.3/tcp/3"),
                Multiaddr.parse("/ip4/4.4.4.4/tcp/4")));
        assertThat(store.addresses(p.peerId())).extracting(Multiaddr::toString)
                .containsExactly("/ip4/2.2.2.2/tcp/2", "/ip4/3.3.3.3/tcp/3", "/ip4/4.4.4.4/tcp/4");
    }

    @Test
    void aCircuitAddressKeepsItsRelayAndLosesOnlyTheTarget() {
        PeerStore store = new PeerStore(10, 3, clock);
        Identity p = id();
        Identity relay = id();
        Multiaddr circuit = Multiaddr.parse("/ip4/1.1.1.1/tcp/1/p2p/" + relay.peerId() + "/p2p-circuit");
        store.addAddresses(p.peerId(), List.of(circuit.encapsulate("/p2p/" + p.peerId()), circuit));
        assertThat(store.addresses(p.peerId())).containsExactly(circuit);
    }

    @Test
    void aKeyThatDoesNotMatchThePeerIdIsIgnored() {
        PeerStore store = new PeerStore(10, 3, clock);
        Identity p = id();
        Identity other = id();
        store.setPublicKey(p.peerId(), other.publicKey());
        assertThat(store.get(p.peerId())).isEmpty();
        store.setPublicKey(p.peerId(), p.publicKey());
        assertThat(store.get(p.peerId()).orElseThrow().publicKey()).isEqualTo(p.publicKey());
    }

    @Test
    void latencyIsSmoothed() {
        PeerStore store = new PeerStore(10, 3, clock);
        PeerId p = id().peerId();
        store.recordLatency(p, Duration.ofMillis(100));
        store.recordLatency(p, Duration.ofMillis(200));
        assertThat(store.get(p).orElseThrow().latency()).isEqualTo(Duration.ofMillis(120));
    }

    @Test
    void beyondMaxPeersTheLeastRecentlyUpdatedIsDropped() {
        PeerStore store = new PeerStore(2, 3, clock);
        PeerId a = id().peerId();
        PeerId b = id().peerId();
        PeerId c = id().peerId();
        store.setAgent(a, "a", null);
        store.setAgent(b, "b", null);
        store.setAgent(a, "a2", null); // a is now more recent than b
        store.setAgent(c, "c", null);
        assertThat(store.peers()).containsExactlyInAnyOrder(a, c);
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void agentUpdatesKeepWhatIsNotGiven() {
        PeerStore store = new PeerStore(10, 3, clock);
        PeerId a = id().peerId();
        store.setAgent(a, "js-libp2p/3", "ipfs/0.1.0");
        store.setAgent(a, null, "ipfs/0.2.0");
        PeerInfo info = store.get(a).orElseThrow();
        assertThat(info.agentVersion()).isEqualTo("js-libp2p/3");
        assertThat(info.protocolVersion()).isEqualTo("ipfs/0.2.0");
    }
}
