package dev.ferry.dag.gc;

import dev.ferry.multiformats.Cid;
import java.util.List;

/**
 * What a collection did.
 *
 * @param removed the deleted blocks, as the store lists them (CIDv1 raw over the multihash), with their sizes
 * @param kept    number of stored blocks kept
 */
public record GcResult(List<Removed> removed, long kept) {
    /** A deleted block and how many bytes it held. */
    public record Removed(Cid cid, long size) {}

    public GcResult {
        removed = List.copyOf(removed);
    }

    /** Total size of the deleted blocks. */
    public long bytesFreed() {
        return removed.stream().mapToLong(Removed::size).sum();
    }

    /** The deleted blocks' CIDs. */
    public List<Cid> cids() {
        return removed.stream().map(Removed::cid).toList();
    }
}
