package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Blockstore} shares; subclasses supply the store. */
abstract class BlockstoreContract {
    static final long RAW = Multicodec.RAW.code();
    static final long DAG_PB = Multicodec.DAG_PB.code();

    protected Blockstore store;
    protected final Random random = new Random(42);

    /** A fresh, empty store. */
    protected abstract Blockstore newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    protected Block randomBlock(int n) {
        return Block.raw(randomBytes(n));
    }

    static Set<Multihash> multihashes(Blockstore s) {
        try (Stream<Cid> cids = s.cids()) {
            return cids.map(Cid::multihash).collect(Collectors.toSet());
        }
    }

    @Test
    void putThenGetHasSize() {
        Block b = randomBlock(1000);
        assertThat(store.has(b.cid())).isFalse();
        assertThat(store.get(b.cid())).isEmpty();
        assertThat(store.size(b.cid())).isEmpty();
        store.put(b);
        assertThat(store.has(b.cid())).isTrue();
        assertThat(store.get(b.cid())).hasValueSatisfying(got -> {
            assertThat(got.cid()).isEqualTo(b.cid());
            assertThat(got.data()).isEqualTo(b.data());
        });
        assertThat(store.size(b.cid())).hasValue(1000);
        store.sync();
        assertThat(store.get(b.cid()).orElseThrow().data()).isEqualTo(b.data());
        assertThat(store.size(b.cid())).hasValue(1000);
    }

    @Test
    void bytesForPeerAreTheStoredBytes() {
        Block b = randomBlock(1000);
        assertThat(store.bytesForPeer(b.cid())).isEmpty();
        store.put(b);
        assertThat(store.bytesForPeer(b.cid())).hasValue(b.data());
        store.sync();
        assertThat(store.bytesForPeer(b.cid())).hasValue(b.data());
        byte[] inline = "inline".getBytes();
        assertThat(store.bytesForPeer(Cid.v1(RAW, Multihash.identity(inline)))).hasValue(inline);
    }

    @Test
    void emptyBlock() {
        Block b = Block.raw(new byte[0]);
        store.put(b);
        store.sync();
        assertThat(store.get(b.cid()).orElseThrow().data()).isEmpty();
        assertThat(store.size(b.cid())).hasValue(0);
    }

    @Test
    void putIsIdempotent() {
        Block b = randomBlock(100);
        store.put(b);
        store.put(b);
        store.sync();
        store.put(b);
        assertThat(multihashes(store)).containsExactly(b.cid().multihash());
    }

    @Test
    void deleteRemovesBeforeAndAfterSync() {
        Block a = randomBlock(10);
        Block b = randomBlock(20);
        store.put(a);
        store.put(b);
        assertThat(store.delete(a.cid())).isTrue(); // still pending in a file store
        store.sync();
        assertThat(store.has(a.cid())).isFalse();
        assertThat(store.delete(a.cid())).isFalse();
        assertThat(store.delete(b.cid())).isTrue(); // committed
        assertThat(store.has(b.cid())).isFalse();
        assertThat(store.get(b.cid())).isEmpty();
        store.sync();
        assertThat(multihashes(store)).isEmpty();
        store.put(b); // and back again
        assertThat(store.get(b.cid())).isPresent();
    }

    @Test
    void cidsListsEveryKeyAsRawV1() {
        Set<Multihash> expected = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Block b = randomBlock(i * 7);
            store.put(b);
            expected.add(b.cid().multihash());
            if (i == 25) {
                store.sync(); // half committed, half pending
            }
        }
        try (Stream<Cid> cids = store.cids()) {
            List<Cid> all = cids.toList();
            assertThat(all).hasSize(50).allSatisfy(c -> {
                assertThat(c.version()).isEqualTo(1);
                assertThat(c.codec()).isEqualTo(RAW);
            });
            assertThat(all.stream().map(Cid::multihash).collect(Collectors.toSet())).isEqualTo(expected);
        }
        store.sync();
        assertThat(multihashes(store)).isEqualTo(expected);
    }

    @Test
    void identityCidsAreAnsweredNotStored() {
        byte[] data = "inline".getBytes();
        Cid id = Cid.v1(RAW, Multihash.identity(data));
        assertThat(store.has(id)).isTrue();
        assertThat(store.get(id).orElseThrow().data()).isEqualTo(data);
        assertThat(store.size(id)).hasValue(data.length);
        store.put(new Block(id, data));
        store.sync();
        assertThat(multihashes(store)).isEmpty();
        assertThat(store.delete(id)).isFalse();
        assertThat(store.has(id)).isTrue();
    }

    @Test
    void v0AndV1OfOneMultihashShareTheBlock() {
        byte[] data = randomBytes(300);
        Block v0 = Block.create(0, DAG_PB, data);
        Cid v1pb = v0.cid().toV1();
        Cid v1raw = Cid.v1(RAW, v0.cid().multihash());
        store.put(v0);
        for (Cid c : List.of(v0.cid(), v1pb, v1raw)) {
            assertThat(store.has(c)).isTrue();
            Block got = store.get(c).orElseThrow();
            assertThat(got.cid()).isEqualTo(c); // under the CID asked for
            assertThat(got.data()).isEqualTo(data);
        }
        store.put(new Block(v1raw, data)); // same key: no second copy
        store.sync();
        assertThat(multihashes(store)).containsExactly(v0.cid().multihash());
        assertThat(store.delete(v1pb)).isTrue();
        assertThat(store.has(v0.cid())).isFalse();
    }

    @Test
    void mismatchedBytesNeverBecomeABlock() {
        byte[] data = randomBytes(64);
        Cid other = Cid.of(1, RAW, randomBytes(64));
        assertThatThrownBy(() -> new Block(other, data)).isInstanceOf(InvalidBlockException.class);
        assertThatThrownBy(() -> Block.of(other, data)).isInstanceOf(InvalidBlockException.class);
        assertThat(store.has(other)).isFalse();
    }

    @Test
    void putAllStoresEach() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            blocks.add(randomBlock(100 + i));
        }
        store.putAll(blocks);
        store.sync();
        for (Block b : blocks) {
            assertThat(store.get(b.cid()).orElseThrow().data()).isEqualTo(b.data());
        }
    }

    @Test
    void concurrentPutsAndGets() throws Exception {
        int writers = 4;
        int perWriter = 150;
        List<List<Block>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < perWriter; i++) {
                blocks.add(randomBlock(random.nextInt(4096)));
            }
            work.add(blocks);
        }
        Block shared = randomBlock(777); // every writer puts it too: duplicates race
        ConcurrentLinkedQueue<Block> written = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Block> blocks : work) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < blocks.size(); i++) {
                        store.put(blocks.get(i));
                        written.add(blocks.get(i));
                        if (i == blocks.size() / 2) {
                            store.put(shared);
                            store.sync();
                        }
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    // a reader: everything put so far is readable and intact, at any moment
                    for (int round = 0; round < 5; round++) {
                        for (Block b : written) {
                            assertThat(store.get(b.cid()).orElseThrow().data()).isEqualTo(b.data());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        store.sync();
        Set<Multihash> expected = new HashSet<>();
        work.forEach(l -> l.forEach(b -> expected.add(b.cid().multihash())));
        expected.add(shared.cid().multihash());
        assertThat(multihashes(store)).isEqualTo(expected);
    }

    @Test
    void closedStoreRefusesWork() {
        Block b = randomBlock(10);
        store.put(b);
        store.close();
        assertThatThrownBy(() -> store.get(b.cid())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.put(b)).isInstanceOf(StoreException.class);
        store.close(); // idempotent
    }
}
