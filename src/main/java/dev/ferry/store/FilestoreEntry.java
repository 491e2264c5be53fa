package dev.ferry.store;

import dev.ferry.multiformats.Multihash;
import java.util.Objects;

/**
 * Where the bytes of one block kept in the filestore are: {@code size} bytes at {@code offset} of the file
 * {@code path}, relative to the filestore's root and '/'-separated (Kubo's DataObj: FilePath, Offset, Size).
 *
 * @param key    the block's multihash (blocks are keyed by multihash, as in the block store)
 * @param path   the file, relative to the filestore root ({@link FilestoreRecordCodec#checkPath} rules)
 * @param offset where the block starts in the file
 * @param size   the block's length in bytes
 */
public record FilestoreEntry(Multihash key, String path, long offset, int size) {
    public FilestoreEntry {
        Objects.requireNonNull(key, "key");
        FilestoreRecordCodec.checkPath(path);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
        if (size < 0 || size > FilestoreRecordCodec.MAX_SIZE) {
            throw new IllegalArgumentException("block size out of range: " + size);
        }
    }
}
