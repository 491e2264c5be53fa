package dev.ferry.policy.pinning;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node checks that the holders of its policy pins still keep them: every {@code interval} each confirmed holder
 * is challenged over {@code /ferry/proof/1.0.0} with {@code blocks} blocks sampled from the DAG and must answer
 * within {@code timeout}.
 *
 * @param interval how old a holder's last passed proof may get before it is challenged again; zero: no periodic
 *                 proofs
 * @param blocks   blocks per challenge, 1-16: a holder missing a fraction f of the blocks passes one proof with
 *                 probability (1-f)^blocks
 * @param timeout  how long a holder has to answer; it bounds how much a holder could fetch from elsewhere to pass
 */
public record ProofSettings(Duration interval, int blocks, Duration timeout) {
    public static final int MAX_BLOCKS = 16;

    public ProofSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the proof interval must not be negative");
        }
        if (blocks < 1 || blocks > MAX_BLOCKS) {
            throw new IllegalArgumentException("proof blocks must be 1-" + MAX_BLOCKS + ": " + blocks);
        }
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("the proof timeout must be positive");
        }
    }

    /** Every hour, 4 blocks, 5 s to answer. */
    public static ProofSettings defaults() {
        return new ProofSettings(Duration.ofHours(1), 4, Duration.ofSeconds(5));
    }

    /** Whether holders are challenged periodically. */
    public boolean periodic() {
        return !interval.isZero();
    }
}
