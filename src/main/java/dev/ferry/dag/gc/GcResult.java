package dev.ferry.dag.gc;

import dev.ferry.multiformats.Cid;
import java.util.List;

/**
 * What a collection did.
 *
 * @param removed    the deleted blocks, as the store lists them (CIDv1 raw over the multihash)
 * @param bytesFreed total size of the deleted blocks
 * @param kept       number of stored blocks kept
 */
public record GcResult(List<Cid> removed, long bytesFreed, long kept) {
    public GcResult {
        removed = List.copyOf(removed);
    }
}
