package dev.ferry.routing.gateway;

import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.util.List;

/** The links of a block that lie inside a {@link DagScope}, applied block by block from the scope's root. */
final class ScopeLinks {
    private ScopeLinks() {
    }

    /**
     * BLOCK: none. ALL: every link. ENTITY (trustless gateway spec): a UnixFS file node's links (its chunks), a HAMT
     * shard's links to sub-shards (names exactly as long as the hex of {@code fanout - 1}); nothing below a plain
     * directory, a symlink or non-UnixFS data. A block whose links cannot be read has none.
     */
    static List<Cid> of(Block block, DagScope scope) {
        return switch (scope) {
            case BLOCK -> List.of();
            case ALL -> all(block);
            case ENTITY -> entity(block);
        };
    }

    static List<Cid> all(Block block) {
        try {
            return Links.of(block);
        } catch (LinkDecodeException e) {
            return List.of(); // not ours to judge: the bytes are what the CID names
        }
    }

    private static List<Cid> entity(Block block) {
        if (block.cid().codec() != Multicodec.DAG_PB.code()) {
            return List.of();
        }
        PbNode node;
        UnixfsData data;
        try {
            node = PbCodec.decode(block.data());
            if (node.data() == null) {
                return List.of();
            }
            data = UnixfsDataCodec.decode(node.data());
        } catch (DagPbException | UnixfsException e) {
            return List.of();
        }
        return switch (data.type()) {
            case FILE, RAW -> node.links().stream().map(PbLink::hash).toList();
            case HAMT_SHARD -> {
                Long fanout = data.fanout();
                if (fanout == null || fanout < 2) {
                    yield List.of();
                }
                int pad = Long.toHexString(fanout - 1).length();
                yield node.links().stream()
                        .filter(l -> l.name() != null && l.name().length() == pad)
                        .map(PbLink::hash).toList();
            }
            case DIRECTORY, SYMLINK, METADATA -> List.of();
        };
    }
}
