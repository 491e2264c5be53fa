package dev.ferry.exchange.ferry;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Builds our content index: a Bloom filter over the multihashes of the blocks of a {@link Blockstore} (roots are
 * blocks too) that {@code announce} accepts (a policy hook: private content is left out; it sees each key as
 * {@link Blockstore#cids()} lists it, a CIDv1 raw, so it should compare {@link Cid#multihash()}). Two passes over
 * {@link Blockstore#cids()}: one to count, one to add; blocks stored between the passes only raise the false-positive
 * rate a little. Thread-safe (stateless apart from its settings).
 */
public final class ContentIndexBuilder {
    private final Blockstore store;
    private final double fpRate;
    private final long maxBits;
    private final Predicate<Cid> announce;

    public ContentIndexBuilder(Blockstore store, double fpRate, long maxBits, Predicate<Cid> announce) {
        this.store = Objects.requireNonNull(store, "store");
        this.announce = Objects.requireNonNull(announce, "announce");
        BloomFilter.builder(0, fpRate, maxBits); // validates the settings
        this.fpRate = fpRate;
        this.maxBits = maxBits;
    }

    /** Every stored block, at the configured rate and cap. */
    public static ContentIndexBuilder of(Blockstore store, CapabilitiesConfig config) {
        return new ContentIndexBuilder(store, config.falsePositiveRate(), config.maxFilterBits(), c -> true);
    }

    /** A copy that announces only what {@code announce} accepts (and what this one did). */
    public ContentIndexBuilder filtered(Predicate<Cid> more) {
        return new ContentIndexBuilder(store, fpRate, maxBits, announce.and(more));
    }

    public BloomFilter build() {
        return build(store::cids, fpRate, maxBits, announce);
    }

    /** As a supplier, for {@link CapabilitiesService#start}. */
    public Supplier<BloomFilter> asSupplier() {
        return this::build;
    }

    /** A filter over the CIDs {@code cids} streams (called twice), keeping those {@code announce} accepts. */
    public static BloomFilter build(Supplier<Stream<Cid>> cids, double fpRate, long maxBits, Predicate<Cid> announce) {
        long n;
        try (Stream<Cid> s = cids.get()) {
            n = s.filter(c -> !c.isIdentity() && announce.test(c)).count();
        }
        BloomFilter.Builder b = BloomFilter.builder(n, fpRate, maxBits);
        try (Stream<Cid> s = cids.get()) {
            s.filter(c -> !c.isIdentity() && announce.test(c)).forEach(b::add);
        }
        return b.build();
    }
}
