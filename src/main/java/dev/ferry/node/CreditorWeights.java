package dev.ferry.node;

import dev.ferry.exchange.bitswap.server.PeerWeights;
import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Bitswap weights from storage credit: a peer that has proven it keeps this node's content gets a larger share of
 * this node's Bitswap server when it is contended. Weight 2 for any credit, 3 from {@link #WEIGHT_3_FROM} (1 GiB),
 * 4 from {@link #WEIGHT_4_FROM} (10 GiB); peers without credit, or whose ID inlines no did:key, stay at 1. Trust does
 * not enter: only peers this node chose as holders can earn credit, and every byte of it was proven.
 *
 * @param creditOf the bytes a peer has proven it keeps for this node (the storage ledger's {@code creditOf})
 */
public record CreditorWeights(ToLongFunction<Did> creditOf) implements PeerWeights {
    /** Credit from which a peer gets weight 3. */
    public static final long WEIGHT_3_FROM = 1L << 30;
    /** Credit from which a peer gets weight 4, the most. */
    public static final long WEIGHT_4_FROM = 10L << 30;

    public CreditorWeights {
        Objects.requireNonNull(creditOf, "creditOf");
    }

    @Override
    public int weightOf(PeerId peer) {
        return PeerDids.didOf(peer).map(d -> weightFor(creditOf.applyAsLong(d))).orElse(PeerWeights.MIN);
    }

    /** The weight of a peer with {@code credit} proven bytes. */
    public static int weightFor(long credit) {
        if (credit >= WEIGHT_4_FROM) {
            return 4;
        }
        if (credit >= WEIGHT_3_FROM) {
            return 3;
        }
        return credit > 0 ? 2 : PeerWeights.MIN;
    }
}
