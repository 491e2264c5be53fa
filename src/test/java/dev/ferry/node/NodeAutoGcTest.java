package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.store.Block;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node's automatic GC: over the watermark, unpinned blocks go while pinned ones and MFS stay; under it, none go. */
@Timeout(30)
class NodeAutoGcTest {
    @TempDir
    Path tmp;

    private Path repo(String storageMax, int watermark, String period) {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> {
            c.set("Datastore.StorageMax", RepoConfig.parseValue(storageMax, false));
            c.set("Datastore.StorageGCWatermark", RepoConfig.parseValue(Integer.toString(watermark), true));
            c.set("Datastore.GCPeriod", RepoConfig.parseValue(period, false));
        });
        return dir;
    }

    private static Block block(char fill, int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) fill);
        return Block.raw(data);
    }

    @Test
    void aboveTheWatermarkUnpinnedBlocksAreCollectedAndPinnedOnesKept() throws Exception {
        // threshold 500 bytes; 1000 stored, of which 400 are kept
        try (Node n = Node.start(Repo.open(repo("1kB", 50, "100ms")))) {
            Block pinned = block('p', 300);
            Block inMfs = block('m', 100);
            Block loose1 = block('a', 300);
            Block loose2 = block('b', 300);
            for (Block b : new Block[] {pinned, inMfs, loose1, loose2}) {
                n.repo().blocks().put(b);
            }
            new Pinner(n.repo().blocks(), n.repo().pins()).pinDirect(pinned.cid());
            n.files().copy(n.repo().blocks(), inMfs.cid(), "kept", "/kept", false);

            AutoGc gc = n.startAutoGc();
            assertThat(gc.settings().threshold()).isEqualTo(500);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(8),
                    () -> !n.repo().blocks().has(loose1.cid()) && !n.repo().blocks().has(loose2.cid()))).isTrue();
            assertThat(n.repo().blocks().has(pinned.cid())).isTrue();
            assertThat(n.repo().blocks().has(inMfs.cid())).isTrue();
            assertThat(n.startAutoGc()).isSameAs(gc); // once per node
        }
    }

    @Test
    void underTheWatermarkNothingRuns() throws Exception {
        try (Node n = Node.start(Repo.open(repo("1MB", 90, "50ms")))) {
            Block loose = block('a', 2000);
            n.repo().blocks().put(loose);
            AutoGc gc = n.startAutoGc();
            assertThat(gc.check()).isEqualTo(new AutoGc.Outcome.Under(2000, 900_000));
            Thread.sleep(500); // ten periods
            assertThat(n.repo().blocks().has(loose.cid())).isTrue();
        }
    }

    @Test
    void withoutStartingItNothingRunsWhateverGcPeriodSays() throws Exception {
        try (Node n = Node.start(Repo.open(repo("1", 1, "50ms")))) {
            Block loose = block('a', 100);
            n.repo().blocks().put(loose);
            Thread.sleep(500);
            assertThat(n.repo().blocks().has(loose.cid())).isTrue();
        }
    }

    @Test
    void aBadValueStopsTheStartNamingTheKey() {
        Path dir = repo("10GB", 90, "every hour");
        Repo r = Repo.open(dir);
        try {
            assertThatThrownBy(() -> Node.start(r)).isInstanceOf(RepoException.class)
                    .hasMessageContaining("Datastore.GCPeriod");
        } finally {
            r.close();
        }
    }
}
