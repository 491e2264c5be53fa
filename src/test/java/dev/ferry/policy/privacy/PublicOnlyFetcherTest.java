package dev.ferry.policy.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.request.RequestFixtures;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's fetcher view: private blocks look absent, public ones pass. */
class PublicOnlyFetcherTest {
    @TempDir
    Path dir;

    @Test
    void privateBlocksLookAbsentToTheGateway() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        List<Block> secret = RequestFixtures.tree("gw-secret", 1, 2);
        List<Block> open = RequestFixtures.tree("gw-open", 1, 2);
        RequestFixtures.store(store, secret);
        RequestFixtures.store(store, open);
        PrivateContent pc = PrivateContent.open(dir.resolve("p"));
        pc.markPrivate(secret.getFirst().cid(), store);
        ContentFetcher localOnly = new ContentFetcher() {
            @Override
            public MemoryBlockstore local() {
                return store;
            }

            @Override
            public FetchSession open(Duration timeout) {
                return new FetchSession() {
                    @Override
                    public Block get(dev.ferry.multiformats.Cid cid) {
                        return store.get(cid).orElseThrow(() -> new FetchTimeoutException(cid, "missing"));
                    }

                    @Override
                    public MemoryBlockstore blocks() {
                        return store;
                    }

                    @Override
                    public long fetchAll(dev.ferry.multiformats.Cid root) {
                        return 1;
                    }

                    @Override
                    public void close() {}
                };
            }
        };
        PublicOnlyFetcher pub = new PublicOnlyFetcher(localOnly, pc);
        assertThat(pub.local().has(secret.getFirst().cid())).isFalse();
        assertThat(pub.local().has(open.getFirst().cid())).isTrue();
        try (FetchSession s = pub.open(Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> s.get(secret.get(1).cid())).isInstanceOf(FetchTimeoutException.class);
            assertThatThrownBy(() -> s.fetchAll(secret.getFirst().cid().toV0()))
                    .isInstanceOf(FetchTimeoutException.class);
            assertThat(s.blocks().get(secret.get(2).cid())).isEmpty();
            assertThat(s.get(open.get(1).cid())).isEqualTo(open.get(1));
            assertThat(s.blocks().get(open.getFirst().cid())).contains(open.getFirst());
            assertThat(s.fetchAll(open.getFirst().cid())).isEqualTo(1);
        }
    }
}
