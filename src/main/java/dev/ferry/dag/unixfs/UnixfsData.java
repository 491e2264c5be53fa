package dev.ferry.dag.unixfs;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The UnixFS {@code Data} message carried in a dag-pb node's Data field. Absent optional fields are {@code null};
 * {@code data} keeps the difference between absent ({@code null}) and present but empty. Unsigned 64-bit fields are
 * limited to {@code 0..Long.MAX_VALUE}, {@code mode} to {@code 0..0xFFFFFFFF}. The data array is not copied.
 */
public record UnixfsData(
        UnixfsType type,
        byte[] data,
        Long filesize,
        List<Long> blocksizes,
        Long hashType,
        Long fanout,
        Long mode,
        UnixTime mtime) {

    public UnixfsData {
        Objects.requireNonNull(type, "type");
        blocksizes = List.copyOf(blocksizes == null ? List.of() : blocksizes);
        for (Long b : blocksizes) {
            requireUnsigned(b, "blocksize");
        }
        requireUnsigned(filesize, "filesize");
        requireUnsigned(hashType, "hashType");
        requireUnsigned(fanout, "fanout");
        if (mode != null && (mode < 0 || mode > 0xFFFF_FFFFL)) {
            throw new UnixfsException("mode out of range: " + mode);
        }
    }

    private static void requireUnsigned(Long v, String what) {
        if (v != null && v < 0) {
            throw new UnixfsException(what + " out of range: " + v);
        }
    }

    /** A file leaf (dag-pb leaf, Type=File): data may be empty, then the Data field is omitted. */
    public static UnixfsData fileLeaf(byte[] chunk) {
        return new UnixfsData(UnixfsType.FILE, chunk.length == 0 ? null : chunk, (long) chunk.length,
                List.of(), null, null, null, null);
    }

    /** A trickle leaf as go writes it (Type=Raw, with filesize); empty data omits the Data field. */
    public static UnixfsData rawLeaf(byte[] chunk) {
        return new UnixfsData(UnixfsType.RAW, chunk.length == 0 ? null : chunk, (long) chunk.length,
                List.of(), null, null, null, null);
    }

    /** An internal file node: no data of its own, filesize the sum of the children's file bytes. */
    public static UnixfsData fileNode(List<Long> blocksizes) {
        long sum = 0;
        for (long b : blocksizes) {
            sum = Math.addExact(sum, b);
        }
        return new UnixfsData(UnixfsType.FILE, null, sum, blocksizes, null, null, null, null);
    }

    public static UnixfsData directory() {
        return new UnixfsData(UnixfsType.DIRECTORY, null, null, List.of(), null, null, null, null);
    }

    public static UnixfsData symlink(byte[] target) {
        return new UnixfsData(UnixfsType.SYMLINK, target, null, List.of(), null, null, null, null);
    }

    public static UnixfsData hamtShard(byte[] bitfield, long hashType, long fanout) {
        return new UnixfsData(UnixfsType.HAMT_SHARD, bitfield, null, List.of(), hashType, fanout, null, null);
    }

    /** A copy with the given mode and mtime (UnixFS 1.5 metadata; null for absent). */
    public UnixfsData withMetadata(Long newMode, UnixTime newMtime) {
        return new UnixfsData(type, data, filesize, blocksizes, hashType, fanout, newMode, newMtime);
    }

    /** Bytes carried inline ({@code data} length, 0 when absent). */
    public int inlineLength() {
        return data == null ? 0 : data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixfsData d && type == d.type && Arrays.equals(data, d.data)
                && Objects.equals(filesize, d.filesize) && blocksizes.equals(d.blocksizes)
                && Objects.equals(hashType, d.hashType) && Objects.equals(fanout, d.fanout)
                && Objects.equals(mode, d.mode) && Objects.equals(mtime, d.mtime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(data), filesize, blocksizes, hashType, fanout, mode, mtime);
    }

    @Override
    public String toString() {
        return "UnixfsData[type=" + type + ", data=" + (data == null ? "null" : data.length + " bytes")
                + ", filesize=" + filesize + ", blocksizes=" + blocksizes + ", hashType=" + hashType
                + ", fanout=" + fanout + ", mode=" + mode + ", mtime=" + mtime + "]";
    }
}
