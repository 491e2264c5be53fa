package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The pin rules shared by the pin stores (not thread-safe: callers lock). */
final class PinSet {
    private final HashMap<Cid, PinType> pins;

    PinSet(Map<Cid, PinType> initial) {
        this.pins = new HashMap<>(initial);
    }

    /** True when the set changed. */
    boolean add(Cid cid, PinType type) {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
        if (!type.storable()) {
            throw new IllegalArgumentException("indirect pins are computed, not stored");
        }
        PinType old = pins.get(cid);
        if (old == type || old == PinType.RECURSIVE) {
            return false; // already there, or a recursive pin already covers a direct one
        }
        pins.put(cid, type);
        return true;
    }

    boolean remove(Cid cid, PinType type) {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
        return pins.remove(cid, type);
    }

    Optional<PinType> typeOf(Cid cid) {
        return Optional.ofNullable(pins.get(Objects.requireNonNull(cid, "cid")));
    }

    Map<Cid, PinType> snapshot() {
        return Map.copyOf(pins);
    }
}
