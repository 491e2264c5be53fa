package dev.ferry.exchange.bitswap.wire;

import dev.ferry.multiformats.Cid;
import java.util.Objects;

/** "I have / do not have this block" (1.2). */
public record BlockPresence(Cid cid, PresenceType type) {
    public BlockPresence {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
    }
}
