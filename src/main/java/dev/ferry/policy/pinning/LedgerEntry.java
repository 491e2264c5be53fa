package dev.ferry.policy.pinning;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * One credit of the storage ledger: {@code holder} proved at {@code provenAtMillis} (unix ms) that it keeps
 * {@code root}'s DAG of {@code bytes} bytes for this node.
 */
public record LedgerEntry(Did holder, Cid root, long bytes, long provenAtMillis) {
    public LedgerEntry {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(root, "root");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
    }

    /** The ledger key: one credit per holder and root. */
    public record Key(Did holder, Cid root) {}

    public Key key() {
        return new Key(holder, root);
    }
}
