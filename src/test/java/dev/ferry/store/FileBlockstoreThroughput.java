package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Measures put + sync of many random blocks into a fresh {@link FileBlockstore} (not a unit test).
 * Compare with {@code dd if=/dev/zero of=<same fs>/x bs=1M count=1024 conv=fsync}.
 *
 * <pre>java -Xmx3g --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes \
 *     dev.ferry.store.FileBlockstoreThroughput &lt;dir&gt; [totalMiB=1024] [blockKiB=256] [AUTO|FSYNC_EACH] [threads=1]
 *     [put|putAll]</pre>
 * {@code threads} callers each put a share of the blocks one by one; {@code putAll} hands them all to one putAll call
 * (which writes on the configured number of threads).
 * The blocks are made (and hashed) before the clock starts: this times the store, not SHA-256.
 */
public final class FileBlockstoreThroughput {
    private FileBlockstoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int totalMiB = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int blockKiB = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        var mode = args.length > 3 ? FileBlockstoreConfig.SyncMode.valueOf(args[3]) : FileBlockstoreConfig.SyncMode.AUTO;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        boolean putAll = args.length > 5 && args[5].equals("putAll");
        int count = (int) ((long) totalMiB * 1024 / blockKiB);
        SplittableRandom random = new SplittableRandom(1);
        List<Block> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[blockKiB * 1024];
            random.nextBytes(data);
            blocks.add(new Block(Cid.of(1, Multicodec.RAW.code(), data), data));
        }
        if (Files.exists(dir.resolve("blocks"))) {
            throw new IllegalArgumentException(dir + " already holds a store: give a fresh directory");
        }
        var cfg = FileBlockstoreConfig.defaults().withSyncMode(mode);
        try (FileBlockstore store = FileBlockstore.open(dir, cfg)) {
            System.out.println("syncfs: " + store.usesSyncfs() + ", commit every " + (cfg.commitBytes() >> 20) + " MiB, "
                    + (putAll ? "putAll on " + cfg.writeThreads() + " threads" : threads + " caller(s) of put"));
            long t0 = System.nanoTime();
            if (putAll) {
                store.putAll(blocks);
            } else if (threads == 1) {
                blocks.forEach(store::put);
            } else {
                List<Thread> ts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = t * count / threads;
                    int to = (t + 1) * count / threads;
                    ts.add(Thread.ofPlatform().start(() -> blocks.subList(from, to).forEach(store::put)));
                }
                for (Thread t : ts) {
                    t.join();
                }
            }
            long t1 = System.nanoTime();
            store.sync();
            long t2 = System.nanoTime();
            double mib = (double) count * blockKiB / 1024;
            System.out.printf("%d blocks of %d KiB (%.0f MiB): puts %.2f s, final sync %.2f s, total %.2f s = %.1f MB/s%n",
                    count, blockKiB, mib, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9,
                    mib * 1048576 / 1e6 / ((t2 - t0) / 1e9));
            try (Stream<Cid> cids = store.cids()) {
                System.out.println("stored: " + cids.count());
            }
        }
    }
}
