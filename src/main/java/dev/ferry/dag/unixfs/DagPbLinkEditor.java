package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubo's {@code object patch add-link|rm-link}: adds or removes a named link of a dag-pb node, at a path of link
 * names below it ({@code a/b/c}), as boxo's dagutils editor does. Every node on the path is written again with its
 * Data untouched, its links sorted by name and the link to the changed child replaced, so the CID of an edited UnixFS
 * directory is the CID the same directory gets when it is built directly. Each node keeps its own CID prefix;
 * directories made on the way ({@code create}) are empty UnixFS directories, CIDv0 as boxo makes them.
 *
 * <p>The root must be a plain UnixFS directory unless {@code anyNode} is given (Kubo's {@code --allow-non-unixfs}):
 * a link added to a file loses its content, and one added to a HAMT shard breaks its bitfield. A link is the target's
 * cumulative size (its block plus its links' Tsizes), as Kubo records it.
 *
 * <p>Blocks are read from the store given (which may fetch them); the new blocks are handed back, not stored, so the
 * caller stores them as it must (durably, under its lock).
 */
public final class DagPbLinkEditor {
    /** What an edit made: the new root and every block written for it, the root last. */
    public record Edited(Cid root, List<Block> blocks) {
        public Edited {
            blocks = List.copyOf(blocks);
        }
    }

    private enum Change { ADD, REMOVE }

    private final Blockstore store;

    public DagPbLinkEditor(Blockstore store) {
        this.store = store;
    }

    /**
     * Links {@code target} as {@code path} below {@code root}, replacing any links of that name; with {@code create},
     * the missing directories on the way are made.
     *
     * @throws LinkEditException when the edit cannot be made (Kubo's message)
     * @throws BlockNotFoundException when a block on the way (or the target's) cannot be had
     */
    public Edited addLink(Cid root, String path, Cid target, boolean create, boolean anyNode) {
        read(root);
        long targetSize = cumulativeSize(read(target)); // both are read before any check, as Kubo does
        PbNode node = protoNode(root);
        if (!anyNode) {
            checkUnixfsDirectory(node, Change.ADD);
        }
        String[] names = path.split("/", -1);
        PbLink link = PbLink.of(target, names[names.length - 1], targetSize);
        List<Block> written = new ArrayList<>();
        Block top = insert(CidPrefix.of(root), node, names, 0, link, create, written);
        return new Edited(top.cid(), written);
    }

    /**
     * Removes every link named by the last name of {@code path}, in the node the names before it lead to.
     *
     * @throws LinkEditException when the edit cannot be made, e.g. {@code no link by that name}
     * @throws BlockNotFoundException when a block on the way cannot be had
     */
    public Edited removeLink(Cid root, String path, boolean anyNode) {
        PbNode node = protoNode(root);
        if (!anyNode) {
            checkUnixfsDirectory(node, Change.REMOVE);
        }
        List<Block> written = new ArrayList<>();
        Block top = remove(CidPrefix.of(root), node, path.split("/", -1), 0, written);
        return new Edited(top.cid(), written);
    }

    private Block insert(CidPrefix prefix, PbNode node, String[] names, int at, PbLink link, boolean create,
                         List<Block> written) {
        String name = names[at];
        if (name.isEmpty()) {
            // boxo refuses an empty last name; an empty one on the way would make a nameless directory entry
            throw new LinkEditException("cannot create link with no name");
        }
        if (at == names.length - 1) {
            return write(prefix, replaced(node, name, link), written);
        }
        PbLink next = first(node, name);
        Block child;
        if (next != null) {
            child = insert(CidPrefix.of(next.hash()), protoNode(next.hash()), names, at + 1, link, create, written);
        } else if (create) {
            child = insert(CidPrefix.V0, emptyDirectory(), names, at + 1, link, true, written);
        } else {
            throw new LinkEditException("no link by that name");
        }
        return write(prefix, replaced(node, name, PbLink.of(child.cid(), name, cumulativeSize(child))), written);
    }

    private Block remove(CidPrefix prefix, PbNode node, String[] names, int at, List<Block> written) {
        String name = names[at];
        if (at == names.length - 1) {
            if (first(node, name) == null) {
                throw new LinkEditException("no link by that name");
            }
            return write(prefix, replaced(node, name, null), written);
        }
        PbLink next = first(node, name);
        if (next == null) {
            throw new LinkEditException("no link by that name");
        }
        Block child = remove(CidPrefix.of(next.hash()), protoNode(next.hash()), names, at + 1, written);
        return write(prefix, replaced(node, name, PbLink.of(child.cid(), name, cumulativeSize(child))), written);
    }

    /** The node without its links named {@code name}, with {@code link} added if not null, links sorted by name. */
    private static PbNode replaced(PbNode node, String name, PbLink link) {
        List<PbLink> links = new ArrayList<>();
        for (PbLink l : node.links()) {
            if (!nameOf(l).equals(name)) {
                links.add(l);
            }
        }
        if (link != null) {
            links.add(link);
        }
        return new PbNode(links, node.data()).sortedLinks();
    }

    private static PbLink first(PbNode node, String name) {
        for (PbLink l : node.links()) {
            if (nameOf(l).equals(name)) {
                return l;
            }
        }
        return null;
    }

    /** An absent Name is the empty name, as go reads it. */
    private static String nameOf(PbLink l) {
        return l.name() == null ? "" : l.name();
    }

    private static Block write(CidPrefix prefix, PbNode node, List<Block> written) {
        byte[] bytes;
        try {
            bytes = PbCodec.encode(node);
        } catch (DagPbException e) {
            throw new LinkEditException("produced block is over 2MiB: big blocks can't be exchanged with other "
                    + "peers; build big directories with the files commands (MFS), which shard them");
        }
        Block b = Block.create(prefix, bytes);
        written.add(b);
        return b;
    }

    private static PbNode emptyDirectory() {
        return PbNode.ofData(UnixfsDataCodec.encode(UnixfsData.directory()));
    }

    private Block read(Cid cid) {
        return store.get(cid).orElseThrow(() -> new BlockNotFoundException("block " + cid + " not found"));
    }

    private PbNode protoNode(Cid cid) {
        if (cid.codec() != Multicodec.DAG_PB.code()) {
            throw new LinkEditException("expected protobuf dag node");
        }
        try {
            return PbCodec.decode(read(cid).data());
        } catch (DagPbException e) {
            throw new LinkEditException("expected protobuf dag node: " + e.getMessage());
        }
    }

    /** A link's Tsize as go's Node.Size() gives it: the block, plus its links' Tsizes for dag-pb. */
    private static long cumulativeSize(Block b) {
        long size = b.size();
        if (b.cid().codec() == Multicodec.DAG_PB.code()) {
            try {
                for (PbLink l : PbCodec.decode(b.data()).links()) {
                    size += l.tsize() == null ? 0 : l.tsize();
                }
            } catch (DagPbException e) {
                throw new LinkEditException("invalid dag-pb node " + b.cid() + ": " + e.getMessage());
            }
        }
        return size;
    }

    /** Kubo's check: only a plain UnixFS directory takes named links at the dag-pb level. */
    private static void checkUnixfsDirectory(PbNode node, Change change) {
        String verb = change == Change.ADD ? "add named links to" : "remove links from";
        UnixfsType type;
        try {
            type = UnixfsDataCodec.decode(node.data()).type();
        } catch (UnixfsException e) {
            throw new LinkEditException("cannot " + verb + " a non-UnixFS dag-pb node; pass --allow-non-unixfs to "
                    + "skip validation");
        }
        switch (type) {
            case DIRECTORY -> { }
            case HAMT_SHARD -> throw new LinkEditException("cannot " + (change == Change.ADD ? "add links to"
                    : "remove links from") + " a HAMTShard at the dag-pb level (would corrupt the HAMT bitfield); use "
                    + (change == Change.ADD ? "'ipfs files' commands" : "'ipfs files rm'")
                    + " instead, or pass --allow-non-unixfs to override");
            default -> throw new LinkEditException("cannot " + verb + " a UnixFS " + goName(type) + " node, only "
                    + "Directory nodes support link " + (change == Change.ADD ? "addition" : "removal")
                    + " at the dag-pb level (see https://specs.ipfs.tech/unixfs/)");
        }
    }

    /** The type's name in go-unixfs, which Kubo's messages use. */
    private static String goName(UnixfsType type) {
        return switch (type) {
            case RAW -> "Raw";
            case DIRECTORY -> "Directory";
            case FILE -> "File";
            case METADATA -> "Metadata";
            case SYMLINK -> "Symlink";
            case HAMT_SHARD -> "HAMTShard";
        };
    }
}
