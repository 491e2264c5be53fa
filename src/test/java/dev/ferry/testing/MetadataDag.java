package dev.ferry.testing;

import dev.ferry.dag.car.CarWriter;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds UnixFS 1.5 nodes (files, symlinks, directories with a mode and an mtime) by hand into a store, for the
 * tests of what ferry restores; {@link #car} writes every block built so far.
 */
public final class MetadataDag {
    private final Blockstore store;
    private final Map<Cid, Block> blocks = new LinkedHashMap<>();
    private final Map<Cid, Long> cumulative = new HashMap<>();

    public MetadataDag(Blockstore store) {
        this.store = store;
    }

    public static UnixTime at(long seconds, int nanos) {
        return new UnixTime(seconds, nanos == 0 ? null : nanos);
    }

    /** A single-block file (its bytes inline). */
    public Cid file(byte[] content, Long mode, UnixTime mtime) {
        return put(new UnixfsData(UnixfsType.FILE, content.length == 0 ? null : content, (long) content.length,
                List.of(), null, null, mode, mtime), List.of());
    }

    public Cid file(String content, Long mode, UnixTime mtime) {
        return file(content.getBytes(StandardCharsets.UTF_8), mode, mtime);
    }

    public Cid symlink(String target, UnixTime mtime) {
        return put(new UnixfsData(UnixfsType.SYMLINK, target.getBytes(StandardCharsets.UTF_8), null, List.of(), null,
                null, null, mtime), List.of());
    }

    /** A plain directory of {@code entries} (links in name order). */
    public Cid dir(Long mode, UnixTime mtime, Map<String, Cid> entries) {
        List<PbLink> links = new ArrayList<>();
        for (Map.Entry<String, Cid> e : new TreeMap<>(entries).entrySet()) {
            links.add(PbLink.of(e.getValue(), e.getKey(), cumulative.getOrDefault(e.getValue(), 0L)));
        }
        return put(new UnixfsData(UnixfsType.DIRECTORY, null, null, List.of(), null, null, mode, mtime), links);
    }

    /** The same dag-pb node (a HAMT root shard, say) with this mode and mtime; its links are kept. */
    public Cid withMetadata(Cid node, Long mode, UnixTime mtime) {
        PbNode pb = PbCodec.decode(store.get(node).orElseThrow().data());
        UnixfsData d = UnixfsDataCodec.decode(pb.data());
        return put(new UnixfsData(d.type(), d.data(), d.filesize(), d.blocksizes(), d.hashType(), d.fanout(), mode,
                mtime), pb.links());
    }

    /** The same node with the target of every link whose name ends with {@code suffix} replaced. */
    public Cid replacingLinks(Cid node, String suffix, Cid replacement) {
        PbNode pb = PbCodec.decode(store.get(node).orElseThrow().data());
        List<PbLink> links = new ArrayList<>();
        for (PbLink l : pb.links()) {
            links.add(l.name() != null && l.name().endsWith(suffix) ? new PbLink(replacement, l.name(), l.tsize()) : l);
        }
        return put(UnixfsDataCodec.decode(pb.data()), links);
    }

    /** A CARv1 of {@code root} holding every block built here (and those given). */
    public byte[] car(Cid root, List<Block> more) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter w = CarWriter.open(out, List.of(root))) {
            for (Block b : more) {
                w.write(b);
            }
            for (Block b : blocks.values()) {
                w.write(b);
            }
        }
        return out.toByteArray();
    }

    private Cid put(UnixfsData data, List<PbLink> links) {
        Block b = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(links, UnixfsDataCodec.encode(
                data))));
        store.put(b);
        blocks.put(b.cid(), b);
        long total = b.data().length;
        for (PbLink l : links) {
            total += l.tsize() == null ? 0 : l.tsize();
        }
        cumulative.put(b.cid(), total);
        return b.cid();
    }
}
