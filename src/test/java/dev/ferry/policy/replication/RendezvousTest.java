package dev.ferry.policy.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.crypto.Sha256;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RendezvousTest {
    private static final List<Did> MEMBERS = IntStream.range(0, 11)
            .mapToObj(i -> Identity.generate(new SecureRandom()).did()).toList();
    private static final List<Cid> ROOTS = IntStream.range(0, 3000)
            .mapToObj(i -> Block.raw(("root " + i).getBytes(StandardCharsets.UTF_8)).cid()).toList();

    @Test
    void theWeightIsTheHashOfTheRootAndTheMembersDid() {
        Cid root = ROOTS.getFirst();
        Did m = MEMBERS.getFirst();
        byte[] joined = new byte[root.bytes().length + m.toString().length()];
        System.arraycopy(root.bytes(), 0, joined, 0, root.bytes().length);
        System.arraycopy(m.toString().getBytes(StandardCharsets.US_ASCII), 0, joined, root.bytes().length,
                m.toString().length());
        assertThat(Rendezvous.weight(root, m)).isEqualTo(Sha256.hash(joined));
    }

    @Test
    void everyMemberComputesTheSameHoldersWhateverOrderItSeesTheMembersIn() {
        List<Did> shuffled = new ArrayList<>(MEMBERS);
        for (Cid root : ROOTS.subList(0, 200)) {
            Collections.shuffle(shuffled);
            List<Did> holders = Rendezvous.holders(root, MEMBERS, Set.of(), 3);
            assertThat(Rendezvous.holders(root, shuffled, Set.of(), 3)).isEqualTo(holders);
            assertThat(holders).hasSize(3).doesNotHaveDuplicates();
            // the strongest first: a smaller count gives a prefix
            assertThat(Rendezvous.holders(root, shuffled, Set.of(), 2)).isEqualTo(holders.subList(0, 2));
        }
    }

    @Test
    void announcersAreLeftOutAndTooFewMembersGiveFewerHolders() {
        Cid root = ROOTS.get(7);
        List<Did> all = Rendezvous.holders(root, MEMBERS, Set.of(), MEMBERS.size());
        Did strongest = all.getFirst();
        List<Did> without = Rendezvous.holders(root, MEMBERS, Set.of(strongest), 2);
        assertThat(without).doesNotContain(strongest).isEqualTo(all.subList(1, 3));
        assertThat(Rendezvous.holders(root, MEMBERS.subList(0, 2), Set.of(MEMBERS.getFirst()), 2))
                .containsExactly(MEMBERS.get(1));
        assertThat(Rendezvous.holders(root, List.of(), Set.of(), 2)).isEmpty();
    }

    @Test
    void aJoiningMemberTakesAboutItsShareOfRootsAndNothingElseMoves() {
        int replicas = 2;
        List<Did> before = MEMBERS.subList(0, 10);
        Did joining = MEMBERS.get(10);
        int moved = 0;
        for (Cid root : ROOTS) {
            List<Did> old = Rendezvous.holders(root, before, Set.of(), replicas);
            List<Did> now = Rendezvous.holders(root, MEMBERS, Set.of(), replicas);
            if (!new HashSet<>(old).equals(new HashSet<>(now))) {
                moved++;
                // the newcomer took exactly one place; the other holder stayed
                assertThat(now).contains(joining);
                Set<Did> kept = new HashSet<>(now);
                kept.retainAll(old);
                assertThat(kept).hasSize(replicas - 1);
            } else {
                assertThat(now).doesNotContain(joining);
            }
        }
        // expected replicas / members = 2/11 of the roots, about 545 of 3000
        assertThat(moved).isBetween(400, 700);
    }

    @Test
    void aLeavingMemberMovesOnlyTheRootsItHeld() {
        Did leaving = MEMBERS.get(3);
        List<Did> after = MEMBERS.stream().filter(m -> !m.equals(leaving)).toList();
        for (Cid root : ROOTS.subList(0, 1000)) {
            List<Did> old = Rendezvous.holders(root, MEMBERS, Set.of(), 2);
            List<Did> now = Rendezvous.holders(root, after, Set.of(), 2);
            if (old.contains(leaving)) {
                assertThat(now).containsAll(old.stream().filter(m -> !m.equals(leaving)).toList());
            } else {
                assertThat(now).isEqualTo(old);
            }
        }
    }
}
