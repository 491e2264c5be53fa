package dev.ferry.dag.unixfs;

import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One HAMT shard node in memory, in the canonical form every writer here keeps (and Kubo's and js's give): a slot
 * holding one name holds its entry, a slot holding two or more holds a sub-shard, and no sub-shard is left empty or
 * with a single entry of its own. The same set of names therefore always gives the same shards, whether they were
 * inserted into an empty shard one by one or changed in a stored HAMT.
 *
 * <p>A sub-shard read from a store stays a link ({@link Child} without its shard) until a change on its path needs
 * it: only the shards on the changed names' paths are read, and only those that changed are written again.
 */
final class HamtShard {
    /** What a slot holds. */
    sealed interface Slot permits Entry, Child {
    }

    /** A directory entry: its name (without the slot prefix), node and Tsize. */
    record Entry(UnixfsLink link) implements Slot {
    }

    /** A sub-shard: the link to it as stored, and the shard once read or made here (null until then). */
    static final class Child implements Slot {
        private Cid cid;
        private long tsize;
        private HamtShard shard;

        Child(Cid cid, long tsize) {
            this.cid = cid;
            this.tsize = tsize;
        }

        Child(HamtShard shard) {
            this.shard = shard;
        }

        private HamtShard open(Reader reader, int fanout, int level) {
            if (shard == null) {
                shard = reader.read(cid, fanout, level);
            }
            return shard;
        }
    }

    /** Reads a stored sub-shard of the given fanout at {@code level} (1 = below the root). */
    interface Reader {
        HamtShard read(Cid cid, int fanout, int level);
    }

    private final Slot[] slots;
    private final int bits;
    private boolean changed;

    HamtShard(int fanout) {
        this.bits = HamtHash.bitsFor(fanout);
        this.slots = new Slot[fanout];
        this.changed = true; // a shard made here has no stored form yet
    }

    /**
     * A shard as stored: its links, already checked for slot order and bitfield by the caller, taken apart into
     * entries and sub-shard links. An entry must sit in the slot its name hashes to at {@code level}.
     *
     * @throws UnixfsException for an entry in a slot its name does not hash to
     */
    static HamtShard stored(Cid cid, List<PbLink> links, int fanout, int level) {
        HamtShard s = new HamtShard(fanout);
        s.changed = false;
        int pad = HamtHash.padLength(fanout);
        for (PbLink l : links) {
            int index = Integer.parseInt(l.name().substring(0, pad), 16);
            long tsize = l.tsize() == null ? 0 : l.tsize();
            if (l.name().length() == pad) {
                s.slots[index] = new Child(l.hash(), tsize);
            } else {
                String name = l.name().substring(pad);
                if (hash(name).index(level, s.bits) != index) {
                    throw new UnixfsException(cid + ": HAMT entry \"" + name + "\" is not in its slot");
                }
                s.slots[index] = new Entry(new UnixfsLink(name, l.hash(), tsize));
            }
        }
        return s;
    }

    int fanout() {
        return slots.length;
    }

    /** The entry named {@code name}, or null; sub-shards on its path are read. */
    UnixfsLink get(String name, Reader reader) {
        HamtHash h = hash(name);
        HamtShard shard = this;
        for (int level = 0; ; level++) {
            Slot slot = shard.slots[h.index(level, bits)];
            if (slot instanceof Child c) {
                shard = c.open(reader, slots.length, level + 1);
            } else {
                return slot instanceof Entry e && e.link().name().equals(name) ? e.link() : null;
            }
        }
    }

    /** Adds {@code link} at {@code level}, or replaces the entry of that name; returns the replaced one, or null. */
    UnixfsLink put(UnixfsLink link, int level, Reader reader) {
        return put(new Entry(link), hash(link.name()), level, reader);
    }

    private UnixfsLink put(Entry entry, HamtHash h, int level, Reader reader) {
        int i = h.index(level, bits);
        Slot slot = slots[i];
        switch (slot) {
            case null -> {
                slots[i] = entry;
                changed = true;
                return null;
            }
            case Entry old when old.link().name().equals(entry.link().name()) -> {
                if (!old.equals(entry)) {
                    slots[i] = entry;
                    changed = true;
                }
                return old.link();
            }
            case Entry old -> {
                // two names in one slot: a sub-shard holds both (deeper still while their next indexes agree)
                HamtShard sub = new HamtShard(slots.length);
                sub.put(old, hash(old.link().name()), level + 1, reader);
                sub.put(entry, h, level + 1, reader);
                slots[i] = new Child(sub);
                changed = true;
                return null;
            }
            case Child c -> {
                HamtShard sub = c.open(reader, slots.length, level + 1);
                UnixfsLink replaced = sub.put(entry, h, level + 1, reader);
                changed |= sub.changed;
                return replaced;
            }
        }
    }

    /**
     * Removes the entry named {@code name} at {@code level}; returns it, or null when there is none. As Kubo's HAMT
     * does, a sub-shard left empty goes and one left with a single entry gives it back to this shard's slot, so the
     * shards stay those the remaining names alone would give.
     */
    UnixfsLink remove(String name, int level, Reader reader) {
        return remove(name, hash(name), level, reader);
    }

    private UnixfsLink remove(String name, HamtHash h, int level, Reader reader) {
        int i = h.index(level, bits);
        switch (slots[i]) {
            case Entry e when e.link().name().equals(name) -> {
                slots[i] = null;
                changed = true;
                return e.link();
            }
            case Child c -> {
                HamtShard sub = c.open(reader, slots.length, level + 1);
                UnixfsLink removed = sub.remove(name, h, level + 1, reader);
                if (removed == null) {
                    return null;
                }
                changed = true;
                Slot only = sub.onlySlot();
                if (sub.isEmpty()) {
                    slots[i] = null;
                } else if (only instanceof Entry e) {
                    slots[i] = e;
                }
                return removed;
            }
            case null, default -> {
                return null;
            }
        }
    }

    boolean isEmpty() {
        for (Slot s : slots) {
            if (s != null) {
                return false;
            }
        }
        return true;
    }

    /** The one occupied slot, or null when there are none or several. */
    private Slot onlySlot() {
        Slot only = null;
        for (Slot s : slots) {
            if (s != null) {
                if (only != null) {
                    return null;
                }
                only = s;
            }
        }
        return only;
    }

    /** Whether this shard, or a shard below it, differs from its stored form. */
    boolean changed() {
        return changed;
    }

    /** Every entry below this shard, in slot order, stored sub-shards read as they come. */
    void forEachEntry(int level, Reader reader, Consumer<UnixfsLink> sink) {
        for (Slot s : slots) {
            switch (s) {
                case Entry e -> sink.accept(e.link());
                case Child c -> c.open(reader, slots.length, level + 1).forEachEntry(level + 1, reader, sink);
                case null -> {
                }
            }
        }
    }

    /**
     * Writes this shard and the changed shards below it (the others are linked as stored), the given mode and mtime
     * on this one (a HAMT's root shard; null for none). Links are in slot order, an entry named {@code HEX(slot) +
     * name}, a sub-shard {@code HEX(slot)}; Data is Type=HAMTShard with the occupied-slot bitfield (big-endian, bit i
     * = slot i, leading zero bytes dropped), hashType murmur3-x64-64 and the fanout.
     */
    DagRef write(BlockWriter writer, Long mode, UnixTime mtime) {
        int pad = HamtHash.padLength(slots.length);
        List<PbLink> links = new ArrayList<>();
        long tsizes = 0;
        int highest = -1;
        for (int i = 0; i < slots.length; i++) {
            Slot slot = slots[i];
            if (slot == null) {
                continue;
            }
            highest = i;
            String prefix = HamtHash.prefix(i, pad);
            PbLink link = switch (slot) {
                case Entry e -> PbLink.of(e.link().cid(), prefix + e.link().name(), e.link().tsize());
                case Child c -> {
                    if (c.shard != null && c.shard.changed) {
                        DagRef ref = c.shard.write(writer, null, null);
                        c.cid = ref.cid();
                        c.tsize = ref.tsize();
                    }
                    yield PbLink.of(c.cid, prefix, c.tsize);
                }
            };
            links.add(link);
            tsizes = Math.addExact(tsizes, link.tsize());
        }
        byte[] bitfield = new byte[highest / 8 + 1];
        for (int i = 0; i <= highest; i++) {
            if (slots[i] != null) {
                bitfield[bitfield.length - 1 - i / 8] |= (byte) (1 << (i % 8));
            }
        }
        UnixfsData d = UnixfsData.hamtShard(bitfield, DirectoryBuilder.HASH_MURMUR3_X64_64, slots.length);
        if (mode != null || mtime != null) {
            d = d.withMetadata(mode, mtime);
        }
        BlockWriter.Written w = writer.putPb(new PbNode(links, UnixfsDataCodec.encode(d)));
        changed = false;
        return new DagRef(w.cid(), w.size() + tsizes, 0);
    }

    private static HamtHash hash(String name) {
        return new HamtHash(Objects.requireNonNull(name, "name").getBytes(StandardCharsets.UTF_8));
    }
}
