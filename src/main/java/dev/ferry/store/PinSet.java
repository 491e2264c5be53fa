package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The pin rules shared by the pin stores (not thread-safe: callers lock). */
final class PinSet {
    private final HashMap<Cid, PinEntry> pins;

    PinSet(Map<Cid, PinEntry> initial) {
        this.pins = new HashMap<>(initial);
    }

    /** True when the set changed. */
    boolean add(Cid cid, PinType type, String name) {
        Objects.requireNonNull(cid, "cid");
        PinEntry entry = new PinEntry(type, name); // checks the type and the name
        PinEntry old = pins.get(cid);
        if (old != null && old.type() == PinType.RECURSIVE && type == PinType.DIRECT) {
            return false; // a recursive pin already covers a direct one
        }
        // as Kubo's pinner: pinning again replaces the pin, so the name is the one given now
        return !entry.equals(pins.put(cid, entry));
    }

    boolean remove(Cid cid, PinType type) {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
        PinEntry old = pins.get(cid);
        if (old == null || old.type() != type) {
            return false;
        }
        pins.remove(cid);
        return true;
    }

    Optional<PinEntry> entry(Cid cid) {
        return Optional.ofNullable(pins.get(Objects.requireNonNull(cid, "cid")));
    }

    Map<Cid, PinType> types() {
        Map<Cid, PinType> out = HashMap.newHashMap(pins.size());
        pins.forEach((c, e) -> out.put(c, e.type()));
        return Map.copyOf(out);
    }

    Map<Cid, PinEntry> snapshot() {
        return Map.copyOf(pins);
    }
}
