package dev.ferry.exchange.ferry.request;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** DAGs, trust tables and a proxy upstream double for the request tests. */
public final class RequestFixtures {
    private RequestFixtures() {}

    /** The blocks of a small DAG, root first: a dag-pb root over {@code fanout} dag-pb nodes over raw leaves. */
    public static List<Block> tree(String seed, int fanout, int leaves) {
        List<Block> all = new ArrayList<>();
        List<PbLink> mids = new ArrayList<>();
        List<Block> below = new ArrayList<>();
        for (int i = 0; i < fanout; i++) {
            List<PbLink> links = new ArrayList<>();
            for (int j = 0; j < leaves; j++) {
                Block leaf = Block.raw((seed + "/" + i + "/" + j).getBytes(StandardCharsets.UTF_8));
                links.add(PbLink.of(leaf.cid(), "l" + j, leaf.size()));
                below.add(leaf);
            }
            Block mid = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(links, new byte[0])));
            mids.add(PbLink.of(mid.cid(), "m" + i, mid.size()));
            below.add(mid);
        }
        Block root = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(mids,
                seed.getBytes(StandardCharsets.UTF_8))));
        all.add(root);
        all.addAll(below);
        return all;
    }

    public static Cid store(Blockstore into, List<Block> dag) {
        into.putAll(dag);
        return dag.getFirst().cid();
    }

    /** A mutable trust table. */
    public static final class Trust implements TrustLevels {
        private final Map<Did, Integer> levels = new ConcurrentHashMap<>();

        public Trust set(Identity id, int level) {
            levels.put(id.did(), level);
            return this;
        }

        @Override
        public int levelOf(Did did) {
            return levels.getOrDefault(did, 0);
        }
    }

    /** One proxy fetch as the upstream double saw it. */
    public record Call(Source source, Cid root, int ttl) {}

    /** A ProxyUpstream that copies DAGs from a "network" store, for the sources it offers. */
    public static final class FakeUpstream implements ProxyUpstream {
        private final Blockstore network;
        private final List<Source> offered;
        public final List<Call> calls = new CopyOnWriteArrayList<>();

        public FakeUpstream(Blockstore network, Source... offered) {
            this.network = network;
            this.offered = List.of(offered);
        }

        @Override
        public boolean offers(Source source) {
            return offered.contains(source);
        }

        @Override
        public long fetch(Source source, Cid root, Blockstore into, Duration idle) {
            throw new AssertionError("the service passes the ttl");
        }

        @Override
        public long fetch(Source source, Cid root, Blockstore into, Duration idle, int ttl) {
            calls.add(new Call(source, root, ttl));
            long n = 0;
            List<Cid> pending = new ArrayList<>(List.of(root));
            while (!pending.isEmpty()) {
                Cid c = pending.removeLast();
                Block b = network.get(c).orElseThrow(() -> new IllegalStateException("not on the network: " + c));
                into.put(b);
                n++;
                pending.addAll(dev.ferry.dag.walk.Links.of(b));
            }
            return n;
        }
    }
}
