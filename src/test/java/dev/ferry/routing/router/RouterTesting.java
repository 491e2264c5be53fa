package dev.ferry.routing.router;

import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.dag.walk.Links;
import dev.ferry.exchange.ferry.BandwidthLimit;
import dev.ferry.exchange.ferry.BloomFilter;
import dev.ferry.exchange.ferry.CapabilitiesRecord;
import dev.ferry.exchange.ferry.IpfsNode;
import dev.ferry.exchange.ferry.request.FerryRequestException;
import dev.ferry.exchange.ferry.request.FerryRequester;
import dev.ferry.exchange.ferry.request.RefusalReason;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.routing.FetchTimeoutException;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Fixtures for router tests: peers with records, a settable clock, a scripted requester, an IPFS stage. */
final class RouterTesting {
    private RouterTesting() {}

    static final SecureRandom RANDOM = new SecureRandom();

    /** A ferry peer: its identity and the record it announced (index over {@code claims}). */
    record Peer(Identity identity, CapabilitiesRecord record) {
        PeerId id() {
            return identity.peerId();
        }
    }

    static Peer peer(boolean ipfs, Cid... claims) {
        Identity id = Identity.generate(RANDOM);
        BloomFilter.Builder b = BloomFilter.builder(Math.max(1, claims.length), 0.0001);
        for (Cid c : claims) {
            b.add(c);
        }
        return new Peer(id, record(id, ipfs, b.build()));
    }

    static Peer peerIndexing(boolean ipfs, Blockstore holds) {
        Identity id = Identity.generate(RANDOM);
        List<Cid> all;
        try (var s = holds.cids()) {
            all = s.toList();
        }
        BloomFilter.Builder b = BloomFilter.builder(Math.max(1, all.size()), 0.0001);
        all.forEach(b::add);
        return new Peer(id, record(id, ipfs, b.build()));
    }

    static CapabilitiesRecord record(Identity id, boolean ipfs, BloomFilter index) {
        return new CapabilitiesRecord(id.did(), 1, ipfs ? IpfsNode.ferry(List.of()) : IpfsNode.disabled(), index,
                BandwidthLimit.NONE);
    }

    static Map<PeerId, CapabilitiesRecord> table(Peer... peers) {
        Map<PeerId, CapabilitiesRecord> m = new ConcurrentHashMap<>();
        for (Peer p : peers) {
            m.put(p.id(), p.record());
        }
        return m;
    }

    /** Copies the DAG under {@code root} from {@code from} into {@code into}; false when a block is missing. */
    static boolean copyDag(Blockstore from, Cid root, Blockstore into) {
        return copyDagCounting(from, root, into) >= 0;
    }

    /** {@link #copyDag}, returning the number of distinct blocks copied, or -1 when a block is missing. */
    static long copyDagCounting(Blockstore from, Cid root, Blockstore into) {
        Deque<Cid> pending = new ArrayDeque<>();
        Set<Multihash> seen = new HashSet<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Cid c = pending.pop();
            if (!seen.add(c.multihash())) {
                continue;
            }
            Optional<Block> b = from.get(c);
            if (b.isEmpty()) {
                return -1;
            }
            into.put(b.get()); // a Block: verified when it was made
            try {
                Links.of(b.get()).forEach(pending::push);
            } catch (LinkDecodeException e) {
                // a leaf
            }
        }
        return seen.size();
    }

    /** A requester scripted per peer: serve from a store, or refuse with a reason. Records every call. */
    static final class ScriptedRequester implements FerryRequester {
        record Call(PeerId peer, Cid root, List<Source> preferred) {
        }

        private final Map<PeerId, Blockstore> serves = new ConcurrentHashMap<>();
        private final Map<PeerId, RefusalReason> refuses = new ConcurrentHashMap<>();
        final List<Call> calls = new CopyOnWriteArrayList<>();
        private final Set<PeerId> gated = ConcurrentHashMap.newKeySet();
        private volatile java.util.concurrent.CountDownLatch gate;

        /** Each of {@code peers} waits at its first call until all of them have made one (up to 10 s). */
        ScriptedRequester gate(PeerId... peers) {
            gate = new java.util.concurrent.CountDownLatch(peers.length);
            gated.addAll(List.of(peers));
            return this;
        }

        ScriptedRequester serve(PeerId p, Blockstore from) {
            serves.put(p, from);
            return this;
        }

        ScriptedRequester refuse(PeerId p, RefusalReason r) {
            refuses.put(p, r);
            return this;
        }

        long callsTo(PeerId p) {
            return calls.stream().filter(c -> c.peer().equals(p)).count();
        }

        @Override
        public long fetch(PeerId peer, Cid root, List<Source> preferred, int ttl, Blockstore into, Duration idle) {
            calls.add(new Call(peer, root, preferred));
            if (gated.remove(peer)) {
                gate.countDown();
                try {
                    gate.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RefusalReason r = refuses.get(peer);
            if (r != null) {
                throw new FerryRequestException(root, r, "refused: " + r);
            }
            Blockstore from = serves.get(peer);
            if (from == null || !from.has(root)) {
                throw new FerryRequestException(root, RefusalReason.NOT_FOUND, "not found");
            }
            long copied = copyDagCounting(from, root, into);
            if (copied < 0) {
                throw new FerryRequestException(root, null, "transfer broke off");
            }
            return copied;
        }
    }

    /** An IPFS stage over a store standing for the network: verified blocks, stored locally, calls counted. */
    static final class StoreStage implements ContentFetcher {
        private final Blockstore local;
        private final Blockstore network;
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger fetchAlls = new AtomicInteger();

        StoreStage(Blockstore local, Blockstore network) {
            this.local = local;
            this.network = network;
        }

        @Override
        public Blockstore local() {
            return local;
        }

        @Override
        public FetchSession open(Duration timeout) {
            return new FetchSession() {
                @Override
                public Block get(Cid cid) {
                    gets.incrementAndGet();
                    Block b = network.get(cid).orElseThrow(() -> new FetchTimeoutException(cid, "not on the network"));
                    local.put(b);
                    return b;
                }

                @Override
                public Blockstore blocks() {
                    return local;
                }

                @Override
                public long fetchAll(Cid root) {
                    fetchAlls.incrementAndGet();
                    long copied = copyDagCounting(network, root, local);
                    if (copied < 0) {
                        throw new FetchTimeoutException(root, "not on the network");
                    }
                    return copied;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
