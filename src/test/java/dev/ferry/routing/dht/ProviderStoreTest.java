package dev.ferry.routing.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProviderStoreTest {
    @Test
    void announcementsHoldFortyEightHoursAndAreBounded() {
        AtomicLong clock = new AtomicLong();
        ProviderStore s = new ProviderStore(clock::get);
        byte[] key = {1, 2, 3};
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < ProviderStore.MAX_PER_KEY + 5; i++) {
            PeerId p = RoutingTableTest.peer();
            peers.add(p);
            s.add(key, p);
        }
        assertThat(s.get(key)).hasSize(ProviderStore.MAX_PER_KEY).doesNotContain(peers.getFirst())
                .contains(peers.getLast());
        clock.addAndGet(ProviderStore.TTL.toNanos() - 1);
        s.add(key, peers.getLast()); // announced again: holds 48 hours from now
        clock.addAndGet(2);
        assertThat(s.get(key)).containsExactly(peers.getLast());
        clock.addAndGet(ProviderStore.TTL.toNanos());
        assertThat(s.get(key)).isEmpty();
        assertThat(s.keys()).isZero();
    }

    @Test
    void keysAreBounded() {
        ProviderStore s = new ProviderStore(() -> 0);
        PeerId p = RoutingTableTest.peer();
        for (int i = 0; i < ProviderStore.MAX_KEYS + 10; i++) {
            s.add(new byte[] {(byte) (i >> 24), (byte) (i >> 16), (byte) (i >> 8), (byte) i}, p);
        }
        assertThat(s.keys()).isEqualTo(ProviderStore.MAX_KEYS);
        assertThat(s.get(new byte[] {0, 0, 0, 0})).isEmpty(); // the least recently announced went first
    }
}
