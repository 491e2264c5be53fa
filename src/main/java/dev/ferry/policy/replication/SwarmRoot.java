package dev.ferry.policy.replication;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import java.util.Objects;

/** One member's announcement of a root: who, and when this node last heard it (its own clock, unix ms). */
public record SwarmRoot(Cid root, Did announcer, long announcedAtMillis) {
    public SwarmRoot {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(announcer, "announcer");
    }

    /** The table key: one entry per root and announcer. */
    public record Key(Cid root, Did announcer) {}

    public Key key() {
        return new Key(root, announcer);
    }
}
