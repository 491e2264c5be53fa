package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The process {@link FileBlockstoreCrashTest} kills: puts random blocks in batches for ever and, after each
 * {@code sync()} returns, prints {@code S <cid> .} for every block of the batch; then pins the batch's first block,
 * syncs the pin store and prints {@code P <cid> .}. The trailing dot tells a complete line from one cut by the kill.
 * Before each put it prints {@code w}, before each sync {@code c}: progress marks the killer counts.
 *
 * <p>Arguments: store directory, seed, sync mode (AUTO or FSYNC_EACH).
 */
public final class FileBlockstoreCrashChild {
    private FileBlockstoreCrashChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
        var mode = FileBlockstoreConfig.SyncMode.valueOf(args[2]);
        // small thresholds: background commits happen between the explicit syncs too
        var cfg = FileBlockstoreConfig.defaults().withCommitBytes(256 << 10).withCommitCount(16).withSyncMode(mode);
        PrintStream out = System.out;
        FileBlockstore store = FileBlockstore.open(dir, cfg);
        FilePinStore pins = FilePinStore.open(dir.resolve("pins"));
        out.println("ready");
        out.flush();
        while (true) {
            List<Cid> batch = new ArrayList<>();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                int size = random.nextInt(10) == 0 ? 256 << 10 : random.nextInt(64 << 10);
                byte[] data = new byte[size];
                random.nextBytes(data);
                Block b = Block.raw(data);
                // progress lines let the killer land inside a put or a sync, not only after a batch
                out.print("w\n");
                out.flush();
                store.put(b);
                batch.add(b.cid());
            }
            out.print("c\n");
            out.flush();
            store.sync();
            StringBuilder lines = new StringBuilder();
            for (Cid c : batch) {
                lines.append("S ").append(c).append(" .\n");
            }
            out.print(lines);
            out.flush();
            pins.add(batch.getFirst(), PinType.RECURSIVE);
            pins.sync();
            out.print("P " + batch.getFirst() + " .\n");
            out.flush();
        }
    }
}
