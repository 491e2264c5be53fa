package dev.ferry.exchange.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentIndexBuilderTest {
    @Test
    void indexesEveryStoredBlockAndLeavesOutWhatThePolicyWithholds() {
        MemoryBlockstore store = new MemoryBlockstore();
        List<Cid> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Block b = Block.create(i % 2 == 0 ? 0 : 1, Multicodec.DAG_PB.code(),
                    ("block " + i).getBytes(StandardCharsets.UTF_8));
            store.put(b);
            all.add(b.cid());
        }
        CapabilitiesConfig config = CapabilitiesConfig.defaults().withFalsePositiveRate(0.001);
        BloomFilter index = ContentIndexBuilder.of(store, config).build();
        for (Cid c : all) {
            assertThat(index.mightContain(c)).isTrue();
            assertThat(index.mightContain(c.toV1())).isTrue();
        }
        assertThat(index.bitCount()).isGreaterThanOrEqualTo(7188); // ceil(-500 ln 0.001 / ln²2)

        // private content: not announced
        // the policy sees keys as Blockstore.cids() lists them (CIDv1 raw): it compares multihashes
        Set<dev.ferry.multiformats.Multihash> secret = new HashSet<>();
        all.subList(0, 250).forEach(c -> secret.add(c.multihash()));
        BloomFilter open = ContentIndexBuilder.of(store, config).filtered(c -> !secret.contains(c.multihash()))
                .build();
        long leaked = 0;
        for (Cid c : all.subList(0, 250)) {
            leaked += open.mightContain(c) ? 1 : 0;
        }
        assertThat(leaked).as("only false positives, at about 0.001").isLessThanOrEqualTo(3);
        for (Cid c : all.subList(250, 500)) {
            assertThat(open.mightContain(c)).isTrue();
        }
    }

    @Test
    void emptyStoreGivesAnEmptyIndexAndIdentityCidsAreServedAnyway() {
        MemoryBlockstore store = new MemoryBlockstore();
        BloomFilter index = ContentIndexBuilder.of(store, CapabilitiesConfig.defaults()).build();
        assertThat(index.cardinality()).isZero();
        Cid identity = Cid.parse("bafkqaaa");
        CapabilitiesRecord r = new CapabilitiesRecord(CapabilitiesFixtures.seeded(3).did(), 1, IpfsNode.disabled(),
                index, BandwidthLimit.NONE);
        assertThat(r.mightServe(identity)).isTrue();
        assertThat(r.mightServe(Block.raw(new byte[] {1}).cid())).isFalse();
    }
}
