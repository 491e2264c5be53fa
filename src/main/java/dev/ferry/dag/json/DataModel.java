package dev.ferry.dag.json;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks as IPLD data model values, and paths through them: dag-cbor and dag-json as they decode, dag-pb in its data
 * model form ({@code {"Data": bytes, "Links": [{"Hash": link, "Name": string, "Tsize": int}]}}, absent fields left
 * out), raw as bytes. A path walks map keys and list indexes, and crosses links into the blocks they name.
 */
public final class DataModel {
    /** Links followed by one path at most. */
    public static final int MAX_HOPS = 1024;

    /** Where a path ended: the block it is in, and the value it names. */
    public record Resolved(Cid block, CborValue value) {}

    private DataModel() {
    }

    /**
     * The data model value of a block.
     *
     * @throws IllegalArgumentException for a codec other than dag-cbor, dag-json, dag-pb and raw, or bytes that are
     *                                  not of their codec
     */
    public static CborValue of(Cid cid, byte[] data) {
        long codec = cid.codec();
        if (codec == Multicodec.DAG_CBOR.code()) {
            return DagCbor.decode(data);
        }
        if (codec == Multicodec.DAG_JSON.code()) {
            return DagJson.decode(data);
        }
        if (codec == Multicodec.RAW.code()) {
            return new CborBytes(data);
        }
        if (codec == Multicodec.DAG_PB.code()) {
            PbNode n = PbCodec.decode(data);
            Map<String, CborValue> m = new LinkedHashMap<>();
            if (n.data() != null) {
                m.put("Data", new CborBytes(n.data()));
            }
            List<CborValue> links = new ArrayList<>();
            for (PbLink l : n.links()) {
                Map<String, CborValue> lm = new LinkedHashMap<>();
                lm.put("Hash", new CborLink(l.hash()));
                if (l.name() != null) {
                    lm.put("Name", new CborText(l.name()));
                }
                if (l.tsize() != null) {
                    lm.put("Tsize", CborInteger.of(l.tsize()));
                }
                links.add(new CborMap(lm));
            }
            m.put("Links", new CborArray(links));
            return new CborMap(m);
        }
        throw new IllegalArgumentException("no data model for codec 0x" + Long.toHexString(codec));
    }

    /**
     * Follows {@code path} (segments; empty for the root itself) from the block {@code root}, crossing links; a link
     * at the end of the path is followed too, so that the value of the block it names comes back.
     *
     * @throws IllegalArgumentException    when a segment names nothing (no such key or index), or a codec is unknown
     * @throws BlockNotFoundException when a block on the way is not in {@code store}
     */
    public static Resolved resolve(Blockstore store, Cid root, List<String> path) {
        Cid at = root;
        CborValue v = load(store, at);
        int hops = 0;
        for (int i = 0; i <= path.size(); i++) {
            while (v instanceof CborLink link) {
                if (++hops > MAX_HOPS) {
                    throw new IllegalArgumentException("more than " + MAX_HOPS + " links on one path");
                }
                at = link.cid();
                v = load(store, at);
            }
            if (i == path.size()) {
                break;
            }
            String seg = path.get(i);
            Cid in = at;
            v = switch (v) {
                case CborMap m -> m.get(seg).orElseThrow(() -> new IllegalArgumentException("no key \"" + seg
                        + "\" in " + in));
                case CborArray a -> {
                    int idx;
                    try {
                        idx = Integer.parseInt(seg);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("\"" + seg + "\" is not a list index, in " + in);
                    }
                    if (idx < 0 || idx >= a.items().size()) {
                        throw new IllegalArgumentException("index " + idx + " out of range in " + in);
                    }
                    yield a.items().get(idx);
                }
                default -> throw new IllegalArgumentException("\"" + seg + "\" goes below a value that has no "
                        + "fields, in " + in);
            };
        }
        return new Resolved(at, v);
    }

    private static CborValue load(Blockstore store, Cid cid) {
        Block b = store.get(cid).orElseThrow(() -> new BlockNotFoundException("block not found: " + cid));
        return of(cid, b.data());
    }
}
