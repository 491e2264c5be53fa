package dev.ferry.dag.walk;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.DagCborException;
import dev.ferry.dag.json.DagJsonException;
import dev.ferry.dag.json.DataModel;
import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsPathException;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Resolves a path below a CID as Kubo's {@code /ipfs/} resolver does: UnixFS directories (plain and HAMT-sharded) by
 * entry name, other dag-pb nodes by link name, dag-cbor and dag-json nodes by map key and list index, crossing links
 * on the way. Blocks are read only as far as the path needs them: the block a path's last link names is not read, so
 * resolving a bare CID reads nothing (as Kubo, which answers {@code resolve /ipfs/CID} without the block).
 *
 * <p>A segment that names nothing is an {@link IllegalArgumentException} with Kubo's message ({@code no link named
 * "x" under CID}); a missing block is a {@link MissingBlockException} (or whatever the store throws when it fetches).
 */
public final class PathResolver {
    private final Blockstore store;

    public PathResolver(Blockstore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The block {@code segments} end in below {@code root}, and what is left of them inside it. */
    public ResolvedPath resolve(Cid root, List<String> segments) {
        Cid at = root;
        CborValue value = null; // set while the walk is inside a dag-cbor or dag-json block
        List<String> inside = new ArrayList<>();
        int hops = 0;
        for (String seg : segments) {
            if (value == null) {
                long codec = at.codec();
                if (codec == Multicodec.DAG_PB.code()) {
                    at = pbChild(at, seg);
                    continue;
                }
                if (codec != Multicodec.DAG_CBOR.code() && codec != Multicodec.DAG_JSON.code()) {
                    throw noLink(seg, at);
                }
                value = decode(at);
                inside.clear();
                // a block whose whole value is a link stands for the block it names
                while (value instanceof CborLink l) {
                    hops = hop(hops);
                    at = l.cid();
                    value = decode(at);
                }
            }
            value = step(value, seg, at);
            inside.add(seg);
            if (value instanceof CborLink l) {
                hops = hop(hops);
                at = l.cid();
                value = null;
                inside.clear();
            }
        }
        return new ResolvedPath(at, inside);
    }

    /** A dag-pb node's child: a UnixFS directory's entry (HAMT shards included), else the first link of that name. */
    private Cid pbChild(Cid at, String seg) {
        UnixfsExporter unixfs = new UnixfsExporter(store);
        UnixfsType type;
        try {
            type = unixfs.type(at);
        } catch (UnixfsException e) {
            type = null; // not UnixFS (or not a kind Kubo paths through): plain dag-pb links
        }
        if (type == UnixfsType.DIRECTORY || type == UnixfsType.HAMT_SHARD) {
            try {
                return unixfs.resolve(at, seg);
            } catch (UnixfsPathException e) {
                throw noLink(seg, at);
            }
        }
        if (type == UnixfsType.FILE || type == UnixfsType.RAW) {
            throw noLink(seg, at); // a file's links are its chunks, not names
        }
        List<PbLink> links;
        try {
            links = PbCodec.links(block(at).data());
        } catch (DagPbException e) {
            throw new LinkDecodeException(at, "block " + at + " does not decode: " + e.getMessage(), e);
        }
        for (PbLink l : links) {
            if (seg.equals(l.name())) {
                return l.hash();
            }
        }
        throw noLink(seg, at);
    }

    private static CborValue step(CborValue value, String seg, Cid in) {
        return switch (value) {
            case CborMap m -> m.get(seg).orElseThrow(() -> noLink(seg, in));
            case CborArray a -> {
                int idx;
                try {
                    idx = Integer.parseInt(seg);
                } catch (NumberFormatException e) {
                    throw noLink(seg, in);
                }
                if (idx < 0 || idx >= a.items().size()) {
                    throw noLink(seg, in);
                }
                yield a.items().get(idx);
            }
            default -> throw noLink(seg, in);
        };
    }

    private CborValue decode(Cid cid) {
        try {
            return DataModel.of(cid, block(cid).data());
        } catch (IllegalArgumentException | DagCborException | DagJsonException | DagPbException e) {
            throw new LinkDecodeException(cid, "block " + cid + " does not decode: " + e.getMessage(), e);
        }
    }

    private Block block(Cid cid) {
        return store.get(cid).orElseThrow(() -> new MissingBlockException(cid));
    }

    private static int hop(int hops) {
        if (hops + 1 > DataModel.MAX_HOPS) {
            throw new IllegalArgumentException("more than " + DataModel.MAX_HOPS + " links on one path");
        }
        return hops + 1;
    }

    private static IllegalArgumentException noLink(String seg, Cid under) {
        return new IllegalArgumentException("no link named \"" + seg + "\" under " + under);
    }
}
