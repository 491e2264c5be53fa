package dev.ferry.node.content;

import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.BlockException;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import dev.ferry.store.PinEntry;
import dev.ferry.store.PinStore;
import dev.ferry.store.PinType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pinning as Kubo does it: a recursive pin keeps a whole DAG and may only be taken when every block of it is local;
 * a direct pin keeps one block; blocks under a recursive pin are pinned indirectly. Every operation that reports
 * success has synced the pin store.
 */
public final class Pinner {
    private final Blockstore blocks;
    private final PinStore pins;

    public Pinner(Blockstore blocks, PinStore pins) {
        this.blocks = blocks;
        this.pins = pins;
    }

    /** Pins {@code root} recursively, unnamed, once every block of its DAG is present and valid. */
    public void pinRecursive(Cid root) {
        pinRecursive(root, "");
    }

    /**
     * Pins {@code root} recursively with {@code name} (empty: none) once every block of its DAG is present and valid.
     * As Kubo's pinner, pinning a pinned CID again replaces its name (an empty one clears it).
     */
    public void pinRecursive(Cid root, String name) {
        PinEntry.checkName(name);
        walk(root, c -> { });
        pins.add(root, PinType.RECURSIVE, name);
        pins.sync();
    }

    /** Pins one block, which must be present, unnamed. */
    public void pinDirect(Cid cid) {
        pinDirect(cid, "");
    }

    /** Pins one block, which must be present, with {@code name} (empty: none). */
    public void pinDirect(Cid cid, String name) {
        PinEntry.checkName(name);
        if (pins.isPinned(cid, PinType.RECURSIVE)) {
            throw new IllegalArgumentException(cid + " is already pinned recursively");
        }
        if (!blocks.has(cid)) {
            throw new BlockNotFoundException("cannot pin " + cid + ": block not found locally");
        }
        pins.add(cid, PinType.DIRECT, name);
        pins.sync();
    }

    /** The name of the pin on {@code cid}: empty when it has none or is not pinned (indirect pins have none). */
    public String name(Cid cid) {
        return pins.entry(cid).map(PinEntry::name).orElse("");
    }

    /**
     * Whether a listed pin passes {@code pin ls --name FILTER}: as Kubo, a case-sensitive substring of its name; every
     * pin passes an empty filter, and an unnamed (or indirect) pin passes no other.
     */
    public static boolean nameMatches(String name, String filter) {
        return filter.isEmpty() || name.contains(filter);
    }

    /** Removes a recursive pin (or, with {@code recursive == false}, a direct one). */
    public void unpin(Cid cid, boolean recursive) {
        Optional<PinType> type = pins.pinType(cid);
        if (type.isEmpty()) {
            Optional<Cid> parent = indirectParent(cid);
            throw new IllegalArgumentException(parent.isPresent()
                    ? cid + " is pinned indirectly under " + parent.get()
                    : "not pinned or pinned indirectly: " + cid);
        }
        if (type.get() == PinType.RECURSIVE && !recursive) {
            throw new IllegalArgumentException(cid + " is pinned recursively");
        }
        pins.remove(cid, type.get());
        pins.sync();
    }

    /**
     * Every pin of the wanted types, in a stable order: recursive and direct pins, then (when asked) the blocks
     * reachable from recursive pins that are not pins themselves. Missing blocks are skipped in the indirect walk.
     */
    public Map<Cid, PinType> list(Set<PinType> types) {
        Map<Cid, PinType> out = new LinkedHashMap<>();
        Map<Cid, PinType> all = pins.list();
        all.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Cid::toString)))
                .filter(e -> types.contains(e.getValue()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        if (types.contains(PinType.INDIRECT)) {
            Set<Multihash> seen = new HashSet<>();
            for (Map.Entry<Cid, PinType> e : all.entrySet()) {
                if (e.getValue() != PinType.RECURSIVE) {
                    continue;
                }
                walkChildren(e.getKey(), seen, c -> {
                    if (!all.containsKey(c)) {
                        out.putIfAbsent(c, PinType.INDIRECT);
                    }
                });
            }
        }
        return out;
    }

    /** Why a block must stay: "direct", "recursive" or "indirect through ROOT"; empty when no pin keeps it. */
    public Optional<String> pinReason(Cid cid) {
        Optional<PinType> t = pins.pinType(cid);
        if (t.isPresent()) {
            return Optional.of(t.get().name().toLowerCase(java.util.Locale.ROOT));
        }
        return indirectParent(cid).map(root -> "indirect through " + root);
    }

    private Optional<Cid> indirectParent(Cid cid) {
        for (Map.Entry<Cid, PinType> e : pins.list().entrySet()) {
            if (e.getValue() != PinType.RECURSIVE) {
                continue;
            }
            boolean[] found = {false};
            walkChildren(e.getKey(), new HashSet<>(), c -> found[0] |= c.multihash().equals(cid.multihash()));
            if (found[0]) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** One pin's health: {@code problem} is null when every block is present and valid. */
    public record PinHealth(Cid cid, PinType type, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Checks that every pinned DAG is complete and every block in it verifies. */
    public List<PinHealth> verify() {
        List<PinHealth> out = new ArrayList<>();
        for (Map.Entry<Cid, PinType> e : list(Set.of(PinType.RECURSIVE, PinType.DIRECT)).entrySet()) {
            String problem = null;
            try {
                if (e.getValue() == PinType.RECURSIVE) {
                    walk(e.getKey(), c -> { });
                } else if (blocks.get(e.getKey()).isEmpty()) {
                    problem = "block not found locally";
                }
            } catch (BlockException | IllegalArgumentException ex) {
                problem = ex.getMessage();
            }
            out.add(new PinHealth(e.getKey(), e.getValue(), problem));
        }
        return out;
    }

    /** Visits every block of the DAG under {@code root} once; throws when one is missing or invalid. */
    public void walk(Cid root, Consumer<Cid> visitor) {
        Deque<Cid> stack = new ArrayDeque<>();
        Set<Multihash> seen = new HashSet<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Cid c = stack.pop();
            if (!seen.add(c.multihash())) {
                continue;
            }
            visitor.accept(c);
            if (c.codec() == Multicodec.RAW.code() && !c.isIdentity()) {
                // raw blocks have no links: presence is enough, no need to read the bytes
                if (!blocks.has(c)) {
                    throw new BlockNotFoundException("block " + c + " under " + root + " not found locally");
                }
                continue;
            }
            Block b = blocks.get(c).orElseThrow(() -> new BlockNotFoundException("block " + c + " under " + root + " not found locally"));
            List<Cid> links = Links.of(b);
            for (int i = links.size() - 1; i >= 0; i--) {
                stack.push(links.get(i));
            }
        }
    }

    private void walkChildren(Cid root, Set<Multihash> seen, Consumer<Cid> visitor) {
        Deque<Cid> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Cid c = stack.pop();
            if (!seen.add(c.multihash())) {
                continue;
            }
            if (!c.equals(root)) {
                visitor.accept(c);
            }
            if (c.codec() == Multicodec.RAW.code()) {
                continue;
            }
            Optional<Block> b;
            try {
                b = blocks.get(c);
            } catch (BlockException e) {
                continue;
            }
            if (b.isPresent()) {
                List<Cid> links = Links.of(b.get());
                for (int i = links.size() - 1; i >= 0; i--) {
                    stack.push(links.get(i));
                }
            }
        }
    }
}
