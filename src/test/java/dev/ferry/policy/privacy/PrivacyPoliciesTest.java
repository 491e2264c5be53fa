package dev.ferry.policy.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.server.RequestGate;
import dev.ferry.exchange.ferry.BloomFilter;
import dev.ferry.exchange.ferry.ContentIndexBuilder;
import dev.ferry.exchange.ferry.request.RequestFixtures;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve policy, the Bitswap gate, the public-only store view and the announce filter. */
class PrivacyPoliciesTest {
    @TempDir
    Path dir;

    final SecureRandom random = new SecureRandom();
    final MemoryBlockstore store = new MemoryBlockstore();
    final List<Block> secret = RequestFixtures.tree("secret", 2, 2);
    final List<Block> open = RequestFixtures.tree("open", 1, 2);
    PrivateContent pc;

    @BeforeEach
    void mark() throws Exception {
        RequestFixtures.store(store, secret);
        RequestFixtures.store(store, open);
        pc = PrivateContent.open(dir.resolve("p"));
        pc.markPrivate(secret.getFirst().cid(), store);
    }

    @Test
    void theServePolicyNeedsPrivateTrustForPrivateBlocksOnly() {
        Identity friend = Identity.generate(random);
        Identity acquaintance = Identity.generate(random);
        Identity stranger = Identity.generate(random);
        RequestFixtures.Trust trust = new RequestFixtures.Trust().set(friend, 7).set(acquaintance, 6);
        PrivateServePolicy p = new PrivateServePolicy(pc, trust, 7);
        for (Block b : secret) {
            assertThat(p.mayServe(friend.did(), b.cid())).isTrue();
            assertThat(p.mayServe(acquaintance.did(), b.cid())).isFalse();
            assertThat(p.mayServe(stranger.did(), b.cid().toV1())).isFalse();
        }
        for (Block b : open) {
            assertThat(p.mayServe(stranger.did(), b.cid())).isTrue();
        }
    }

    @Test
    void bitswapNeverServesPrivateBlocks() {
        PeerId anyone = Identity.generate(random).peerId();
        PrivateContentGate gate = new PrivateContentGate(pc);
        assertThat(gate.allow(anyone, secret.getFirst().cid())).isFalse();
        assertThat(gate.allow(anyone, secret.getFirst().cid().toV0())).isFalse();
        assertThat(gate.allow(anyone, open.getFirst().cid())).isTrue();
        RequestGate both = gate.and((peer, cid) -> !cid.equals(open.get(1).cid()));
        assertThat(both.allow(anyone, open.get(1).cid())).isFalse();
        assertThat(both.allow(anyone, open.get(2).cid())).isTrue();
    }

    @Test
    void thePublicViewHidesPrivateBlocks() {
        PublicOnlyBlockstore pub = new PublicOnlyBlockstore(store, pc);
        for (Block b : secret) {
            assertThat(pub.has(b.cid())).isFalse();
            assertThat(pub.get(b.cid())).isEmpty();
            assertThat(pub.size(b.cid())).isEmpty();
            assertThat(store.has(b.cid())).isTrue();
        }
        for (Block b : open) {
            assertThat(pub.get(b.cid())).contains(b);
            assertThat(pub.size(b.cid())).hasValue(b.size());
        }
        try (Stream<Cid> s = pub.cids()) {
            assertThat(s.count()).isEqualTo(open.size());
        }
        pub.close();
        assertThat(store.has(open.getFirst().cid())).isTrue(); // the underlying store stays open
        pc.unmark(secret.getFirst().cid());
        assertThat(pub.has(secret.getFirst().cid())).isTrue();
    }

    @Test
    void theContentIndexLeavesPrivateBlocksOut() {
        BloomFilter all = new ContentIndexBuilder(store, 0.0001, BloomFilter.MAX_BITS, c -> true).build();
        BloomFilter announced = new ContentIndexBuilder(store, 0.0001, BloomFilter.MAX_BITS, pc.announceFilter())
                .build();
        for (Block b : secret) {
            assertThat(all.mightContain(b.cid())).isTrue();
            assertThat(announced.mightContain(b.cid())).isFalse();
        }
        for (Block b : open) {
            assertThat(announced.mightContain(b.cid())).isTrue();
        }
    }
}
