package dev.ferry.exchange.bitswap.wire;

import java.util.List;

/**
 * One Bitswap message, as the rest of ferry sees it.
 *
 * @param wants        wantlist entries (delta, or the whole list when {@code full})
 * @param full         the wantlist replaces the previous one
 * @param blocks       blocks (1.0 raw blocks are given the CIDv0 prefix)
 * @param presences    HAVE / DONT_HAVE answers (1.2)
 * @param pendingBytes bytes the sender still has queued for the receiver (informative)
 */
public record BitswapMessage(List<WantEntry> wants, boolean full, List<Payload> blocks, List<BlockPresence> presences,
        int pendingBytes) {

    public BitswapMessage {
        wants = List.copyOf(wants);
        blocks = List.copyOf(blocks);
        presences = List.copyOf(presences);
    }

    public static BitswapMessage ofWants(List<WantEntry> wants) {
        return new BitswapMessage(wants, false, List.of(), List.of(), 0);
    }

    public static BitswapMessage ofBlocks(List<Payload> blocks, List<BlockPresence> presences) {
        return new BitswapMessage(List.of(), false, blocks, presences, 0);
    }

    public boolean isEmpty() {
        return wants.isEmpty() && !full && blocks.isEmpty() && presences.isEmpty();
    }

    /** Sum of the block data lengths. */
    public long blockBytes() {
        long n = 0;
        for (Payload p : blocks) {
            n += p.data().length;
        }
        return n;
    }
}
