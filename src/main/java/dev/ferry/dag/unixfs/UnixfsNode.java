package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;

/**
 * A fetched, decoded UnixFS node: either a raw block (file bytes) or a dag-pb node with its UnixFS data.
 *
 * @param cid  the node
 * @param raw  the bytes of a raw block, else null
 * @param pb   the dag-pb node, else null
 * @param data its UnixFS data, else null
 */
record UnixfsNode(Cid cid, byte[] raw, PbNode pb, UnixfsData data) {

    boolean isRaw() {
        return raw != null;
    }

    /** The type, RAW blocks counting as FILE. */
    UnixfsType type() {
        return raw != null ? UnixfsType.FILE : data.type();
    }

    /** The UnixFS 1.5 mode as stored, or null (raw blocks have none). */
    Long mode() {
        return data == null ? null : data.mode();
    }

    /** The UnixFS 1.5 mtime as stored, or null. */
    UnixTime mtime() {
        return data == null ? null : data.mtime();
    }

    /** Content size for files (checked against blocksizes when decoded), symlink target length, else 0. */
    long contentSize() {
        if (raw != null) {
            return raw.length;
        }
        return switch (data.type()) {
            case FILE, RAW -> fileSize(data);
            case SYMLINK -> data.inlineLength();
            default -> 0;
        };
    }

    static long fileSize(UnixfsData d) {
        long total = d.inlineLength();
        for (long b : d.blocksizes()) {
            total = Math.addExact(total, b);
        }
        return total;
    }
}
