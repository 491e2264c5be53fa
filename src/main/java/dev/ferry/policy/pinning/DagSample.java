package dev.ferry.policy.pinning;

import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.Blockstore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Blocks of a DAG chosen uniformly at random, for a storage challenge: a walk from the root over the local store reads
 * only the blocks whose codec can link (dag-pb, dag-cbor, dag-json: the internal nodes, and dag-pb leaves, which look
 * the same), while a reservoir sample runs over every distinct block CID met, root and leaves included; then only the
 * sampled blocks are read. Identity CIDs are left out (their bytes are in the CID itself).
 */
final class DagSample {
    private DagSample() {}

    /**
     * Up to {@code k} distinct blocks of the DAG under {@code root}, each block equally likely (fewer when the DAG
     * has fewer).
     *
     * @throws BlockNotFoundException a block the walk or the sample needs is not in {@code store}
     * @throws LinkDecodeException    a block of the DAG does not decode under its codec
     */
    static List<Block> of(Blockstore store, Cid root, int k, RandomGenerator random) {
        Cid[] reservoir = new Cid[k];
        long seen = 0;
        Set<Cid> visited = new HashSet<>();
        ArrayDeque<Cid> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Cid c = pending.pop();
            if (!visited.add(c) || c.isIdentity()) {
                continue;
            }
            if (seen < k) {
                reservoir[(int) seen] = c;
            } else {
                long j = random.nextLong(seen + 1);
                if (j < k) {
                    reservoir[(int) j] = c;
                }
            }
            seen++;
            if (canLink(c)) {
                for (Cid l : Links.of(read(store, c, root))) {
                    if (!visited.contains(l)) {
                        pending.push(l);
                    }
                }
            }
        }
        List<Block> out = new ArrayList<>();
        for (Cid c : Arrays.copyOf(reservoir, (int) Math.min(k, seen))) {
            out.add(read(store, c, root));
        }
        return out;
    }

    private static boolean canLink(Cid c) {
        long codec = c.codec();
        return codec == Multicodec.DAG_PB.code() || codec == Multicodec.DAG_CBOR.code()
                || codec == Multicodec.DAG_JSON.code();
    }

    private static Block read(Blockstore store, Cid c, Cid root) {
        return store.get(c).orElseThrow(() ->
                new BlockNotFoundException("block " + c + " of " + root + " is not in the local store"));
    }
}
