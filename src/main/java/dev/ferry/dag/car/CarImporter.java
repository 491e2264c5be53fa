package dev.ferry.dag.car;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Imports a CARv1 or CARv2 into a blockstore, as {@code ipfs dag import} does: every block is verified against its CID
 * before it is stored, and the store is synced before returning. Pinning the roots is the caller's job.
 *
 * <p>On a malformed CAR the blocks verified before the fault stay stored (they are valid content); nothing
 * unverified is ever stored, and the store is not synced.
 */
public final class CarImporter {
    private CarImporter() {
    }

    /**
     * What was imported.
     *
     * @param roots  the roots named in the header
     * @param blocks sections read (identity-CID sections are verified but not stored, as the store keeps none)
     * @param bytes  total block bytes read
     */
    public record CarImportResult(List<Cid> roots, long blocks, long bytes) {
        public CarImportResult {
            roots = List.copyOf(roots);
        }
    }

    /**
     * Reads the whole CAR from {@code in} (closing it) and stores its blocks.
     *
     * @throws CarException on a malformed, truncated or corrupt CAR
     * @throws IOException  when the stream fails
     */
    public static CarImportResult importCar(InputStream in, Blockstore store) throws IOException {
        try (CarReader reader = CarReader.open(in)) {
            long blocks = 0;
            long bytes = 0;
            for (Optional<Block> b = reader.next(); b.isPresent(); b = reader.next()) {
                store.put(b.get());
                blocks++;
                bytes += b.get().size();
            }
            store.sync();
            return new CarImportResult(reader.roots(), blocks, bytes);
        }
    }
}
