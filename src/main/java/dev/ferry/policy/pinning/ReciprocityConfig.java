package dev.ferry.policy.pinning;

import java.time.Duration;
import java.util.Objects;

/**
 * Storage reciprocity: a peer that proved it keeps this node's content may have its own content kept here, even when
 * it is trusted less than {@link PinningConfig#acceptTrust()}.
 *
 * @param enabled   whether credit opens the door at all
 * @param minTrust  the trust level (0-10) a peer needs for its credit to count (unknown peers are 0)
 * @param ratio     bytes kept for a peer per byte it proved it keeps for this node
 * @param creditFor how long one proof counts: credit not renewed by a newer proof within it expires
 */
public record ReciprocityConfig(boolean enabled, int minTrust, double ratio, Duration creditFor) {
    /** Largest ratio accepted: a peer that keeps 1 byte for us never earns more than a thousand here. */
    public static final double MAX_RATIO = 1000;

    public ReciprocityConfig {
        if (minTrust < 0 || minTrust > 10) {
            throw new IllegalArgumentException("reciprocity minimum trust must be 0-10: " + minTrust);
        }
        if (!(ratio >= 0 && ratio <= MAX_RATIO)) { // NaN fails too
            throw new IllegalArgumentException("reciprocity ratio must be 0-" + (int) MAX_RATIO + ": " + ratio);
        }
        Objects.requireNonNull(creditFor, "creditFor");
        if (creditFor.isNegative() || creditFor.isZero()) {
            throw new IllegalArgumentException("reciprocity credit duration must be positive");
        }
    }

    /**
     * Enabled, for peers trusted 1 or more, a byte kept per byte proven, a proof counting 72 hours. On by default: it
     * only lets in peers the user gave some trust and that proved they keep this node's content, for as much as they
     * keep; {@code StorageMax} still bounds the whole.
     */
    public static ReciprocityConfig defaults() {
        return new ReciprocityConfig(true, 1, 1.0, Duration.ofHours(72));
    }

    /** Nothing is kept on credit. */
    public static ReciprocityConfig disabled() {
        return defaults().withEnabled(false);
    }

    public ReciprocityConfig withEnabled(boolean on) {
        return new ReciprocityConfig(on, minTrust, ratio, creditFor);
    }

    /** The bytes a peer with {@code credit} proven bytes may have kept here (0 when disabled). */
    public long allowance(long credit) {
        if (!enabled || credit <= 0) {
            return 0;
        }
        double a = credit * ratio;
        return a >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) a;
    }
}
