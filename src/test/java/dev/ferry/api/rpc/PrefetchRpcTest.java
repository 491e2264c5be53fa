package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.Links;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.store.Blockstore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictive caching between two nodes: a seeder holds A and B; the user of a second node reads A then B through its
 * RPC API a few times; after a collection empties its cache, reading A alone brings B in, in the background.
 */
@Timeout(120)
class PrefetchRpcTest {
    @TempDir
    Path tmp;

    private static Cid add(Blockstore store, int seed, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Cid root = new UnixfsImporter(store, ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(data), "f" + seed).cid();
        store.sync();
        return root;
    }

    private static List<Cid> dagOf(Blockstore store, Cid root) {
        List<Cid> out = new ArrayList<>(List.of(root));
        for (int i = 0; i < out.size(); i++) {
            out.addAll(Links.of(store.get(out.get(i)).orElseThrow()));
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in time: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The user's node: prefetching as {@code config} sets it, nothing pinned after a fetch (so GC empties it). */
    private RpcTestNode user(Consumer<RepoConfig> config) throws Exception {
        return RpcTestNode.start(tmp.resolve("user"), MultipartLimits.defaults(), c -> {
            c.set("Exchange.PinAfterPeerFetch", BooleanNode.FALSE);
            c.set("Prefetch.MinCount", IntNode.valueOf(3));
            config.accept(c);
        });
    }

    private static Consumer<RepoConfig> enabled() {
        return c -> c.set("Prefetch.Enabled", BooleanNode.TRUE);
    }

    private static void connect(RpcTestNode from, RpcTestNode to) throws Exception {
        PeerId id = to.node.host().peerId();
        from.node.host().connect(to.node.listenAddresses().getFirst().encapsulate("/p2p/" + id));
        await(() -> from.node.capabilities().peerCapabilities(id).isPresent(), "capabilities exchanged");
    }

    private static byte[] cat(RpcTestNode n, Cid cid) throws Exception {
        var res = n.post("cat", "arg=" + cid);
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        return res.body();
    }

    /** Reads A then B three times, then collects the cache. */
    private static void teachAndCollect(RpcTestNode user, Cid a, Cid b) throws Exception {
        for (int i = 0; i < 3; i++) {
            cat(user, a);
            cat(user, b);
        }
        assertThat(user.post("repo/gc", "").statusCode()).isEqualTo(200);
        assertThat(user.node.repo().blocks().has(a)).isFalse();
        assertThat(user.node.repo().blocks().has(b)).isFalse();
    }

    private static JsonNode stats(RpcTestNode n) throws Exception {
        return RpcTestNode.json(n.post("stats/prefetch", ""));
    }

    @Test
    void readingAFetchesBInTheBackgroundAndReadingBIsAHit() throws Exception {
        try (RpcTestNode seeder = RpcTestNode.start(tmp.resolve("seeder")); RpcTestNode user = user(enabled())) {
            Cid a = add(seeder.node.repo().blocks(), 1, 300_000);
            Cid b = add(seeder.node.repo().blocks(), 2, 700_000);
            List<Cid> bDag = dagOf(seeder.node.repo().blocks(), b);
            seeder.node.contentChanged();
            connect(user, seeder);
            teachAndCollect(user, a, b);
            JsonNode before = stats(user);
            assertThat(before.get("Enabled").asBoolean()).isTrue();
            assertThat(before.get("Started").asLong()).isZero();

            cat(user, a);
            Blockstore local = user.node.repo().blocks();
            await(() -> bDag.stream().allMatch(local::has), "B prefetched whole");
            await(() -> user.node.prefetcher().stats().completed() == 1, "the prefetch counted");
            JsonNode s = stats(user);
            assertThat(s.get("Predictions").asLong()).isEqualTo(1);
            assertThat(s.get("Started").asLong()).isEqualTo(1);
            assertThat(s.get("Failed").asLong()).isZero();
            assertThat(s.get("Blocks").asLong()).isEqualTo(bDag.size());
            assertThat(s.get("Bytes").asLong()).isGreaterThanOrEqualTo(700_000);
            assertThat(s.get("Hits").asLong()).isZero();
            assertThat(local.has(b)).isTrue();
            assertThat(user.node.repo().pins().isPinned(b, dev.ferry.store.PinType.RECURSIVE))
                    .as("prefetched content is cache").isFalse();

            cat(user, b);
            assertThat(stats(user).get("Hits").asLong()).isEqualTo(1);
            // and it stays cache: a collection takes it
            assertThat(user.post("repo/gc", "").statusCode()).isEqualTo(200);
            assertThat(local.has(b)).isFalse();
        }
    }

    @Test
    void disabledNothingIsPrefetched() throws Exception {
        try (RpcTestNode seeder = RpcTestNode.start(tmp.resolve("seeder")); RpcTestNode user = user(c -> { })) {
            Cid a = add(seeder.node.repo().blocks(), 3, 100_000);
            Cid b = add(seeder.node.repo().blocks(), 4, 100_000);
            seeder.node.contentChanged();
            connect(user, seeder);
            teachAndCollect(user, a, b);
            cat(user, a);
            JsonNode s = stats(user);
            assertThat(s.get("Enabled").asBoolean()).isFalse();
            assertThat(s.get("Predictions").asLong()).isZero();
            assertThat(s.get("Started").asLong()).isZero();
            assertThat(user.node.prefetcher().model().size()).isZero();
            assertThat(user.node.repo().blocks().has(b)).isFalse();
        }
    }

    @Test
    void aLargeSuccessorIsNotPrefetchedPastTheBudget() throws Exception {
        try (RpcTestNode seeder = RpcTestNode.start(tmp.resolve("seeder"));
                RpcTestNode user = user(enabled().andThen(c -> c.set("Prefetch.MaxBytesPerPrefetch",
                        TextNode.valueOf("512KiB"))))) {
            Cid a = add(seeder.node.repo().blocks(), 5, 100_000);
            Cid b = add(seeder.node.repo().blocks(), 6, 4_000_000); // 16 chunks of 256 KiB
            List<Cid> bDag = dagOf(seeder.node.repo().blocks(), b);
            seeder.node.contentChanged();
            connect(user, seeder);
            teachAndCollect(user, a, b);
            cat(user, a);
            await(() -> user.node.prefetcher().stats().overBudget() == 1, "the prefetch stopped at its budget");
            await(() -> user.node.prefetcher().stats().running() == 0, "the prefetch ended");
            JsonNode s = stats(user);
            assertThat(s.get("Completed").asLong()).isZero();
            assertThat(s.get("OverBudget").asLong()).isEqualTo(1);
            Blockstore local = user.node.repo().blocks();
            assertThat(bDag.stream().filter(local::has).count()).as("most of B stays remote")
                    .isLessThan(bDag.size() / 2);
        }
    }

    @Test
    void privateContentIsNeverPrefetched() throws Exception {
        try (RpcTestNode seeder = RpcTestNode.start(tmp.resolve("seeder")); RpcTestNode user = user(enabled())) {
            Cid a = add(seeder.node.repo().blocks(), 7, 100_000);
            Cid b = add(seeder.node.repo().blocks(), 8, 100_000);
            seeder.node.contentChanged();
            connect(user, seeder);
            cat(user, b);
            user.node.privateContent().markPrivate(b, user.node.repo().blocks()); // the user's own private copy
            teachAndCollect(user, a, b);
            cat(user, a);
            JsonNode s = stats(user);
            assertThat(s.get("Predictions").asLong()).isZero();
            assertThat(s.get("Started").asLong()).isZero();
            assertThat(user.node.prefetcher().model().predict(a)).isEmpty();
            assertThat(user.node.repo().blocks().has(b)).isFalse();
        }
    }
}
