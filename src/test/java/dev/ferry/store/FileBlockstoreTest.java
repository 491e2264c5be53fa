package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockstoreTest extends BlockstoreContract {
    /** The empty unixfs directory: a block every Kubo repository has. */
    static final byte[] EMPTY_DIR = HexFormat.of().parseHex("0a020801");
    static final String EMPTY_DIR_CID = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    static final String EMPTY_DIR_FILE = "X3/CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y.data";

    @TempDir
    Path dir;

    /** Small thresholds so that the contract tests go through many group commits. */
    protected FileBlockstoreConfig config() {
        return FileBlockstoreConfig.defaults().withCommitBytes(64 << 10).withCommitCount(32);
    }

    @Override
    protected Blockstore newStore() {
        return FileBlockstore.open(dir, config());
    }

    private FileBlockstore fileStore() {
        return (FileBlockstore) store;
    }

    private FileBlockstore reopen() {
        store.close();
        store = FileBlockstore.open(dir, config());
        return fileStore();
    }

    private Path blockFile(Cid cid) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("blocks"))) {
            String key = FlatfsKeys.key(cid.multihash());
            return files.filter(p -> p.getFileName().toString().equals(key + ".data")).findFirst().orElseThrow();
        }
    }

    /** Temp files holding data (spares, the empty files made ahead for puts, are not counted). */
    static List<Path> writtenTemps(Path storeDir) throws IOException {
        try (Stream<Path> temps = Files.list(storeDir.resolve("blocks/.temp"))) {
            return temps.filter(p -> {
                try {
                    return Files.size(p) > 0 || !p.getFileName().toString().startsWith("spare.");
                } catch (IOException e) {
                    return false; // taken and renamed meanwhile
                }
            }).toList();
        }
    }

    @Test
    void kuboFlatfsLayout() throws IOException {
        Block b = new Block(Cid.parse(EMPTY_DIR_CID), EMPTY_DIR);
        store.put(b);
        store.sync();
        assertThat(dir.resolve("blocks").resolve(EMPTY_DIR_FILE)).exists().hasBinaryContent(EMPTY_DIR);
        assertThat(Files.readString(dir.resolve("blocks/SHARDING"), StandardCharsets.UTF_8))
                .isEqualTo("/repo/flatfs/shard/v1/next-to-last/2\n");
        assertThat(dir.resolve("blocks/_README")).exists();
        assertThat(writtenTemps(dir)).isEmpty();
        store.close();
        assertThat(writtenTemps(dir)).isEmpty(); // only empty spares stay, for the next opener's puts
    }

    /** Names in .temp, sorted. */
    private List<String> tempNames() throws IOException {
        try (Stream<Path> temps = Files.list(dir.resolve("blocks/.temp"))) {
            return temps.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void onlyAnOpenThatChangesTheLayoutFlushes(@TempDir Path other) throws IOException {
        try (FileBlockstore fresh = FileBlockstore.open(other.resolve("repo"), config())) {
            assertThat(fresh.flushCount()).as("new directories are made durable").isEqualTo(1);
        }
        try (FileBlockstore again = FileBlockstore.open(other.resolve("repo"), config())) {
            assertThat(again.has(randomBlock(10).cid())).isFalse();
            assertThat(again.flushCount()).as("nothing changed, nothing flushed").isZero();
            Block b = randomBlock(100);
            again.put(b);
            again.sync();
            assertThat(again.flushCount()).isPositive();
        }
        Files.writeString(other.resolve("repo/blocks/.temp/leftover.tmp"), "junk");
        try (FileBlockstore cleaned = FileBlockstore.open(other.resolve("repo"), config())) {
            assertThat(cleaned.flushCount()).as("the removal of a leftover is made durable").isEqualTo(1);
        }
    }

    @Test
    void anOpenerThatOnlyReadsMakesNoFiles() throws IOException {
        store.close();
        assertThat(tempNames()).isEmpty();
        store = FileBlockstore.open(dir, config());
        Block absent = randomBlock(10);
        assertThat(store.has(absent.cid())).isFalse();
        assertThat(store.get(absent.cid())).isEmpty();
        store.close();
        assertThat(tempNames()).isEmpty();
    }

    @Test
    void emptySparesAreKeptAcrossReopenAndUsed() throws IOException, InterruptedException {
        Block first = randomBlock(1000);
        store.put(first);
        store.sync();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tempNames().size() < FileBlockstore.SPARE_TARGET && System.nanoTime() < deadline) {
            Thread.sleep(5); // the preparer makes the spares in the background
        }
        store.close();
        List<String> kept = tempNames();
        assertThat(kept).isNotEmpty().allMatch(n -> FileBlockstore.spareSeq(n) > 0);
        assertThat(writtenTemps(dir)).isEmpty();

        store = FileBlockstore.open(dir, config());
        assertThat(tempNames()).isEqualTo(kept); // adopted, not deleted and made again
        Block second = randomBlock(1000);
        store.put(second);
        store.sync();
        assertThat(store.get(second.cid())).contains(second);
        // a spare taken for the put was renamed into place: one of the kept names is gone
        assertThat(tempNames().stream().filter(kept::contains).count()).isLessThan(kept.size());
    }

    @Test
    void spareNamesAreParsedStrictly() {
        assertThat(FileBlockstore.spareSeq("spare.1")).isEqualTo(1);
        assertThat(FileBlockstore.spareSeq("spare.123456789012345678")).isEqualTo(123456789012345678L);
        assertThat(FileBlockstore.spareSeq("spare.1234567890123456789")).isEqualTo(-1);
        assertThat(FileBlockstore.spareSeq("spare.")).isEqualTo(-1);
        assertThat(FileBlockstore.spareSeq("spare.1a")).isEqualTo(-1);
        assertThat(FileBlockstore.spareSeq("spare.-1")).isEqualTo(-1);
        assertThat(FileBlockstore.spareSeq("sparse.1")).isEqualTo(-1);
        assertThat(FileBlockstore.spareSeq("CIQA.data")).isEqualTo(-1);
    }

    @Test
    void blocksSurviveReopen() {
        List<Block> blocks = Stream.generate(() -> randomBlock(5000)).limit(40).toList();
        store.putAll(blocks);
        store.sync();
        reopen();
        for (Block b : blocks) {
            assertThat(store.get(b.cid()).orElseThrow().data()).isEqualTo(b.data());
        }
        assertThat(multihashes(store)).hasSize(40);
    }

    @Test
    void closeCommitsPendingBlocks() {
        Block b = randomBlock(10);
        store.put(b);
        reopen();
        assertThat(store.get(b.cid())).isPresent();
    }

    @Test
    void pendingBlocksAreReadableAndCommitMovesThemIntoPlace() throws IOException {
        Block b = randomBlock(1234);
        store.put(b);
        assertThat(fileStore().pendingCount()).isEqualTo(1);
        assertThat(writtenTemps(dir)).hasSize(1);
        assertThat(store.get(b.cid()).orElseThrow().data()).isEqualTo(b.data());
        store.sync();
        assertThat(fileStore().pendingCount()).isZero();
        assertThat(writtenTemps(dir)).isEmpty();
        assertThat(blockFile(b.cid())).hasBinaryContent(b.data());
    }

    @Test
    void thresholdStartsABackgroundCommit() throws InterruptedException {
        for (int i = 0; i < 31; i++) {
            store.put(randomBlock(16));
        }
        fileStore().awaitCommitterIdle();
        assertThat(fileStore().pendingCount()).isEqualTo(31);
        store.put(randomBlock(16)); // the 32nd reaches commitCount
        fileStore().awaitCommitterIdle();
        assertThat(fileStore().pendingCount()).isZero();
        store.put(randomBlock(70 << 10)); // one block over commitBytes
        fileStore().awaitCommitterIdle();
        assertThat(fileStore().pendingCount()).isZero();
    }

    @Test
    void putsWaitWhenTheCommitterFallsBehind() {
        int limit = FileBlockstore.LIMIT_FACTOR * config().commitCount();
        for (int i = 0; i < 3 * limit; i++) {
            store.put(randomBlock(8));
            assertThat(fileStore().pendingCount()).isLessThan(limit);
        }
        store.sync();
        assertThat(fileStore().pendingCount()).isZero();
        assertThat(multihashes(store)).hasSize(3 * limit);
    }

    @Test
    void corruptFileIsDetectedVerifiedAndQuarantined() throws IOException {
        Block good = randomBlock(2000);
        Block bad = randomBlock(2000);
        store.put(good);
        store.put(bad);
        store.sync();
        Path file = blockFile(bad.cid());
        byte[] flipped = bad.data().clone();
        flipped[1000] ^= 1;
        Files.write(file, flipped);

        assertThatThrownBy(() -> store.get(bad.cid())).isInstanceOf(InvalidBlockException.class);
        assertThat(store.get(good.cid())).isPresent();
        // a peer gets the bytes as stored and rejects them itself; nothing local reads them this way
        assertThat(store.bytesForPeer(bad.cid())).hasValue(flipped);

        // what repo verify does: walk, read unverified, re-hash, quarantine the mismatches
        FileBlockstore fs = fileStore();
        List<Cid> corrupt;
        try (Stream<Cid> cids = fs.cids()) {
            corrupt = cids.filter(c -> !c.verifies(fs.readUnverified(c.multihash()).orElseThrow())).toList();
        }
        assertThat(corrupt).extracting(Cid::multihash).containsExactly(bad.cid().multihash());
        assertThat(fs.quarantine(corrupt.getFirst())).isTrue();
        assertThat(fs.quarantine(corrupt.getFirst())).isFalse();
        store.sync();
        assertThat(store.has(bad.cid())).isFalse();
        assertThat(dir.resolve("quarantine").resolve(FlatfsKeys.key(bad.cid().multihash()) + ".data"))
                .hasBinaryContent(flipped);
        store.put(bad); // the good copy can come back
        assertThat(store.get(bad.cid()).orElseThrow().data()).isEqualTo(bad.data());
    }

    @Test
    void aStoredSha1BlockIsRefusedNotCalledCorrupt() throws IOException {
        // a block stored under a sha1 multihash (as an old repository may hold): Kubo refuses to read it, so does this
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        Multihash sha1 = Multihash.of(0x11, java.util.HexFormat.of().parseHex("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"));
        Block carrier = Block.raw(data);
        store.put(carrier);
        store.sync();
        String key = FlatfsKeys.key(sha1);
        Path shard = blockFile(carrier.cid()).getParent().getParent().resolve(key.substring(key.length() - 3,
                key.length() - 1));
        Files.createDirectories(shard);
        Files.write(shard.resolve(key + ".data"), data);
        Cid cid = Cid.v1(Multicodec.RAW.code(), sha1);
        assertThat(store.has(cid)).isTrue();
        assertThatThrownBy(() -> store.get(cid)).isInstanceOf(InvalidBlockException.class)
                .hasMessageContaining(dev.ferry.multiformats.HashFunction.INSECURE)
                .hasMessageNotContaining("corrupt");
        // intact all the same: repo verify re-hashes it and leaves it where it is
        assertThat(cid.verifies(fileStore().readUnverified(sha1).orElseThrow())).isTrue();
    }

    @Test
    void truncatedAndOversizedFilesAreCorrupt() throws IOException {
        FileBlockstore small = reopenWith(config().withMaxBlockSize(4096));
        Block a = randomBlock(3000);
        Block b = randomBlock(3000);
        small.put(a);
        small.put(b);
        small.sync();
        Files.write(blockFile(a.cid()), new byte[10]);
        Files.write(blockFile(b.cid()), new byte[5000]);
        assertThatThrownBy(() -> small.get(a.cid())).isInstanceOf(InvalidBlockException.class);
        assertThatThrownBy(() -> small.get(b.cid())).isInstanceOf(InvalidBlockException.class);
        assertThatThrownBy(() -> small.readUnverified(b.cid().multihash())).isInstanceOf(InvalidBlockException.class);
        assertThatThrownBy(() -> small.put(randomBlock(5000))).isInstanceOf(StoreException.class);
    }

    private FileBlockstore reopenWith(FileBlockstoreConfig cfg) {
        store.close();
        store = FileBlockstore.open(dir, cfg);
        return fileStore();
    }

    @Test
    void leftoverTempFilesAreIgnoredAndRemovedAtOpen() throws IOException {
        Block b = randomBlock(100);
        store.put(b);
        store.sync();
        store.close();
        // what a crash leaves: half-written temp files, under names that look like real keys
        Block lost = randomBlock(100);
        Path temp = dir.resolve("blocks/.temp");
        Files.write(temp.resolve(FlatfsKeys.key(lost.cid().multihash()) + ".7"), new byte[] {1, 2, 3});
        Files.write(temp.resolve("junk"), new byte[] {4});
        Files.write(temp.resolve("spare.9"), new byte[] {7, 8}); // a spare a put had written into
        Files.write(temp.resolve("spare.x"), new byte[0]); // not a spare's name
        Files.createDirectory(temp.resolve("spare.99999")); // not a file
        // and foreign files in a shard directory are not blocks
        Path shard = blockFile(b.cid()).getParent();
        Files.write(shard.resolve("notes.txt"), new byte[] {5});
        Files.write(shard.resolve(FlatfsKeys.key(lost.cid().multihash()).toLowerCase() + ".data"), new byte[] {6});

        store = FileBlockstore.open(dir, config());
        assertThat(writtenTemps(dir)).isEmpty();
        assertThat(temp.resolve("spare.9")).doesNotExist();
        assertThat(temp.resolve("spare.x")).doesNotExist();
        assertThat(temp.resolve("spare.99999")).doesNotExist();
        assertThat(store.has(lost.cid())).isFalse();
        assertThat(multihashes(store)).containsExactly(b.cid().multihash());
    }

    @Test
    void oneOpenerAtATime() {
        assertThatThrownBy(() -> FileBlockstore.open(dir, config())).isInstanceOf(StoreException.class)
                .hasMessageContaining("in use");
        store.close();
        store = FileBlockstore.open(dir, config());
        assertThat(store.has(randomBlock(1).cid())).isFalse();
    }

    @Test
    void foreignShardingIsRefused() throws IOException {
        store.close();
        Files.writeString(dir.resolve("blocks/SHARDING"), "/repo/flatfs/shard/v1/prefix/2\n");
        assertThatThrownBy(() -> FileBlockstore.open(dir, config())).isInstanceOf(StoreException.class)
                .hasMessageContaining("sharding");
        Files.writeString(dir.resolve("blocks/SHARDING"), "/repo/flatfs/shard/v1/next-to-last/2\n");
        store = FileBlockstore.open(dir, config());
    }

    @Test
    void usesSyncfsOnLinux() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"));
        assertThat(fileStore().usesSyncfs()).isTrue();
    }

    @Test
    void putAllWritesOnSeveralThreadsFromALazyIterator() {
        FileBlockstore fs = reopenWith(config().withWriteThreads(3));
        List<Block> made = new java.util.concurrent.CopyOnWriteArrayList<>();
        // a lazy source, as an importer's chunker is: blocks are made as the writers ask for them
        Iterable<Block> source = () -> Stream.generate(() -> {
            Block b = randomBlock(3000);
            made.add(b);
            return b;
        }).limit(300).iterator();
        fs.putAll(source);
        assertThat(made).hasSize(300);
        for (Block b : made) {
            assertThat(fs.get(b.cid()).orElseThrow().data()).isEqualTo(b.data());
        }
        fs.sync();
        assertThat(multihashes(fs)).hasSize(300);
    }

    @Test
    void putAllStopsAtTheFirstFailureAndRethrowsIt() {
        FileBlockstore fs = reopenWith(config().withWriteThreads(2).withMaxBlockSize(1000));
        List<Block> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            blocks.add(randomBlock(i == 20 ? 2000 : 100)); // the 21st is too large
        }
        assertThatThrownBy(() -> fs.putAll(blocks)).isInstanceOf(StoreException.class).hasMessageContaining("maximum");
        assertThat(fs.has(blocks.getFirst().cid())).isTrue();
        assertThat(fs.has(blocks.get(20).cid())).isFalse();
        Iterable<Block> failing = () -> new java.util.Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Block next() {
                if (++n > 5) {
                    throw new IllegalStateException("source failed");
                }
                return randomBlock(10);
            }
        };
        assertThatThrownBy(() -> fs.putAll(failing)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readUnverifiedOfAMissingBlockIsEmpty() {
        assertThat(fileStore().readUnverified(Multihash.sha256(new byte[] {9}))).isEqualTo(Optional.empty());
    }
}
