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

    @Test
    void bucketsCarryWhenEachPeerLastAnsweredAndWasUseful() {
        PeerId self = peer();
        java.time.Instant t0 = java.time.Instant.parse("2025-01-02T03:04:05Z");
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(t0);
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        RoutingTable t = new RoutingTable(self, 20, clock);
        assertThat(t.buckets()).isEmpty();
        PeerId quiet = peer();
        PeerId helpful = peer();
        assertThat(t.add(quiet)).isTrue();
        assertThat(t.answered(helpful, false)).isTrue();
        now.set(t0.plusSeconds(30));
        assertThat(t.answered(helpful, true)).isTrue();
        now.set(t0.plusSeconds(60));
        assertThat(t.answered(helpful, false)).isTrue();

        KadId me = KadId.of(self.bytes());
        List<List<RoutingTablePeer>> buckets = t.buckets();
        int last = Math.max(me.commonPrefixLength(KadId.of(quiet.bytes())), me.commonPrefixLength(KadId.of(helpful.bytes())));
        assertThat(buckets).hasSize(last + 1);
        RoutingTablePeer q = buckets.get(me.commonPrefixLength(KadId.of(quiet.bytes()))).stream()
                .filter(p -> p.peer().equals(quiet)).findFirst().orElseThrow();
        assertThat(q.lastQueried()).isEmpty();
        assertThat(q.lastUseful()).isEmpty();
        RoutingTablePeer h = buckets.get(me.commonPrefixLength(KadId.of(helpful.bytes()))).stream()
                .filter(p -> p.peer().equals(helpful)).findFirst().orElseThrow();
        assertThat(h.lastQueried()).contains(t0.plusSeconds(60));
        assertThat(h.lastUseful()).contains(t0.plusSeconds(30));
        assertThat(t.answered(self, true)).isFalse();
        assertThat(t.remove(helpful)).isTrue();
        assertThat(t.buckets().stream().mapToInt(List::size).sum()).isEqualTo(1);
    }
}
