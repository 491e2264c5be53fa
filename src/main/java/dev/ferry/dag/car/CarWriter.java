package dev.ferry.dag.car;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Varint;
import dev.ferry.store.Block;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Streaming CARv1 writer: the header {@code {roots, version: 1}} when opened, then one section per block written.
 * Blocks under identity CIDs are never written (their bytes are in the CID). It writes what it is given, in order,
 * without removing duplicates (see {@link CarExporter} for a deduplicated DAG export). Not thread-safe.
 *
 * <p>{@link #close()} flushes but does NOT close the underlying stream, which belongs to the caller.
 */
public final class CarWriter implements Closeable {
    private final OutputStream out;
    private long blocks;
    private long bytes;
    private boolean closed;

    private CarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the CARv1 header for {@code roots} and returns a writer for the sections. */
    public static CarWriter open(OutputStream out, List<Cid> roots) throws IOException {
        CarWriter w = new CarWriter(new BufferedOutputStream(Objects.requireNonNull(out, "out"), 1 << 16));
        byte[] header = header(roots);
        w.out.write(header);
        w.bytes = header.length;
        return w;
    }

    /** The varint-prefixed dag-cbor header {@code {"roots": [...], "version": 1}} (keys sorted length first). */
    public static byte[] header(List<Cid> roots) {
        Map<String, CborValue> m = new LinkedHashMap<>();
        m.put("roots", new CborArray(roots.stream().<CborValue>map(CborLink::new).toList()));
        m.put("version", CborInteger.of(1));
        byte[] cbor = DagCbor.encode(new CborMap(m));
        byte[] prefix = Varint.encode(cbor.length);
        byte[] out = new byte[prefix.length + cbor.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(cbor, 0, out, prefix.length, cbor.length);
        return out;
    }

    /**
     * Writes one section {@code varint(len(cid) + len(data)) cid data}.
     *
     * @return false when the block was skipped because its CID is an identity CID
     */
    public boolean write(Block block) throws IOException {
        if (closed) {
            throw new IOException("CAR writer is closed");
        }
        if (block.cid().isIdentity()) {
            return false;
        }
        byte[] cid = block.cid().bytes();
        long length = (long) cid.length + block.data().length;
        Varint.write(length, out);
        out.write(cid);
        out.write(block.data());
        blocks++;
        bytes += Varint.size(length) + length;
        return true;
    }

    /** Sections written so far. */
    public long blocksWritten() {
        return blocks;
    }

    /** Bytes written so far, header included. */
    public long bytesWritten() {
        return bytes;
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes; the underlying stream stays open. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.flush();
        }
    }
}
