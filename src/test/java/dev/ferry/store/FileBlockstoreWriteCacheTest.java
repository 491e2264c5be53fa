package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write cache limit: received blocks beyond it leave the page cache once committed, the newest stay, imported
 * blocks are never dropped, and every block reads back intact, before and after a reopen.
 */
class FileBlockstoreWriteCacheTest {
    @TempDir
    Path dir;

    private final Random random = new Random(42);

    private Block randomBlock(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return Block.raw(b);
    }

    @Test
    void dropsThePagesOfReceivedBlocksBeyondTheLimitAndKeepsEveryBlock() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        int size = 256 << 10;
        FileBlockstoreConfig cfg = FileBlockstoreConfig.defaults().withCommitBytes(4L * size).withWriteCacheBytes(8L * size);
        List<Block> blocks = new ArrayList<>();
        try (FileBlockstore fs = FileBlockstore.open(dir.resolve("limited"), cfg)) {
            for (int i = 0; i < 40; i++) {
                Block b = randomBlock(size);
                blocks.add(b);
                fs.putReceived(b);
            }
            fs.sync();
            // 40 committed, the 8 newest kept: the 32 oldest dropped, whatever the batches were
            assertThat(fs.droppedFileCount()).isEqualTo(32);
            Path oldest = blockFile(dir.resolve("limited"), blocks.getFirst());
            assertThat(resident(oldest)).as("the oldest block's pages are no longer cached").isFalse();
            for (Block b : blocks) {
                assertThat(fs.get(b.cid())).contains(b);
            }
        }
        try (FileBlockstore fs = FileBlockstore.open(dir.resolve("limited"), cfg)) {
            for (Block b : blocks) {
                assertThat(fs.get(b.cid())).contains(b);
            }
        }
    }

    @Test
    void keepsEverythingCachedWithoutALimit() {
        FileBlockstoreConfig cfg = FileBlockstoreConfig.defaults().withCommitBytes(64 << 10);
        try (FileBlockstore fs = FileBlockstore.open(dir.resolve("unlimited"), cfg)) {
            for (int i = 0; i < 20; i++) {
                fs.putReceived(randomBlock(32 << 10));
            }
            fs.sync();
            assertThat(fs.droppedFileCount()).isZero();
        }
    }

    @Test
    void importedBlocksStayCachedWhateverTheLimit() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        FileBlockstoreConfig cfg = FileBlockstoreConfig.defaults().withCommitBytes(64 << 10).withWriteCacheBytes(0);
        List<Block> imported = new ArrayList<>();
        try (FileBlockstore fs = FileBlockstore.open(dir.resolve("imported"), cfg)) {
            for (int i = 0; i < 20; i++) {
                Block b = randomBlock(32 << 10);
                imported.add(b);
                fs.put(b);
            }
            fs.putAll(List.of(randomBlock(1000), randomBlock(2000)));
            Block received = randomBlock(32 << 10);
            fs.putReceived(received);
            fs.sync();
            assertThat(fs.droppedFileCount()).isEqualTo(1);
            assertThat(resident(blockFile(dir.resolve("imported"), received))).isFalse();
            assertThat(resident(blockFile(dir.resolve("imported"), imported.getLast()))).isTrue();
            for (Block b : imported) {
                assertThat(fs.get(b.cid())).contains(b);
            }
        }
    }

    @Test
    void aBlockDeletedBeforeItsPagesAreDroppedIsSkipped() {
        FileBlockstoreConfig cfg = FileBlockstoreConfig.defaults().withCommitBytes(1).withWriteCacheBytes(0);
        try (FileBlockstore fs = FileBlockstore.open(dir.resolve("deleted"), cfg)) {
            Block kept = randomBlock(4096);
            Block gone = randomBlock(4096);
            fs.putReceived(gone);
            fs.delete(gone.cid());
            fs.putReceived(kept);
            fs.sync();
            assertThat(fs.get(kept.cid())).contains(kept);
            assertThat(fs.has(gone.cid())).isFalse();
        }
    }

    private static Path blockFile(Path storeDir, Block b) throws IOException {
        String name = FlatfsKeys.key(b.cid().multihash()) + ".data";
        try (Stream<Path> files = Files.walk(storeDir.resolve("blocks"))) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    /** Whether the file's pages are in memory (mincore(2) behind MappedByteBuffer.isLoaded; mapping faults nothing in). */
    private static boolean resident(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            return map.isLoaded();
        }
    }
}
