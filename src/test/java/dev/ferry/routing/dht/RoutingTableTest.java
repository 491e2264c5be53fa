package dev.ferry.routing.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    static PeerId peer() {
        return Identity.generate(RANDOM).peerId();
    }

    @Test
    void theNearestComeSortedAndABucketHoldsK() {
        PeerId self = peer();
        RoutingTable t = new RoutingTable(self, 3);
        assertThat(t.add(self)).isFalse();
        List<PeerId> all = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            PeerId p = peer();
            if (t.add(p)) {
                all.add(p);
            } else {
                refused++;
            }
        }
        // about half of random peers share no first bit with us: bucket 0 holds 3 of them, the rest are refused
        assertThat(refused).isPositive();
        assertThat(t.size()).isEqualTo(all.size());
        KadId target = KadId.of(peer().bytes());
        List<PeerId> expected = new ArrayList<>(all);
        Comparator<KadId> order = KadId.byDistanceTo(target);
        expected.sort((a, b) -> order.compare(KadId.of(a.bytes()), KadId.of(b.bytes())));
        assertThat(t.nearest(target, 5)).isEqualTo(expected.subList(0, 5));
        PeerId first = expected.getFirst();
        assertThat(t.remove(first)).isTrue();
        assertThat(t.contains(first)).isFalse();
        assertThat(t.nearest(target, 1)).containsExactly(expected.get(1));
    }
}
