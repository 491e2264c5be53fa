package dev.ferry.exchange.bitswap.wire;

import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * One wantlist entry. A cancel entry carries only the CID (type and flags are ignored by receivers).
 *
 * @param priority higher is more urgent (boxo counts down from 2^31-1; any int is legal)
 */
public record WantEntry(Cid cid, int priority, boolean cancel, WantType type, boolean sendDontHave) {
    public WantEntry {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(type, "type");
    }

    public static WantEntry wantBlock(Cid cid, int priority, boolean sendDontHave) {
        return new WantEntry(cid, priority, false, WantType.BLOCK, sendDontHave);
    }

    public static WantEntry wantHave(Cid cid, int priority, boolean sendDontHave) {
        return new WantEntry(cid, priority, false, WantType.HAVE, sendDontHave);
    }

    public static WantEntry cancel(Cid cid) {
        return new WantEntry(cid, 0, true, WantType.BLOCK, false);
    }
}
