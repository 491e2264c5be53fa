import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.Links;
import dev.ferry.exchange.bitswap.client.ClientStats;
import dev.ferry.exchange.bitswap.server.BitswapServer;
import dev.ferry.exchange.ferry.CapabilitiesRecord;
import dev.ferry.exchange.ferry.request.RequestStats;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.ContentFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The Java side of {@code bench/route}, run with the JDK's source launcher against the jar
 * ({@code java --enable-native-access=ALL-UNNAMED -cp target/ferry.jar bench/src/RouteBench.java WORKDIR NODES SMALL
 * SMALL_MIN_KIB SMALL_MAX_KIB BIG_MIB REPS}).
 *
 * <p>Two networks of NODES real ferry nodes ({@link Node} on its own repository, 127.0.0.1, Noise + Yamux) live in this
 * one process, each a full mesh: in one every node runs with {@code Exchange.UseIndexes} true ("on": the content
 * router reads the ferry peers' capabilities records and asks the holder over {@code /ferry/request/1.0.0}), in the
 * other with false ("off": the node fetches as a plain IPFS node, a Bitswap session that broadcasts want-have to every
 * partner). Node 0 of each network holds all the content, imported before it connects (its content index is rebuilt
 * and pushed with {@code contentChanged()}); nobody else holds any of it. Before anything is measured, every other node
 * of BOTH networks has every peer as a Bitswap partner and holds every peer's capabilities record, the holder's
 * covering every CID: the setup is the same, only the key differs.
 *
 * <p>Per repetition (content of its own, so a block is never on two nodes), three fresh nodes of each network fetch
 * through {@link Node#fetcher()}: one the SMALL small files (one block each; a session each; time to first byte =
 * from opening the session to {@code get(root)} returning), one a big file's root block the same way, one another
 * big file's whole DAG ({@code fetchAll}). The two networks take turns file by file (which one goes first alternates), so
 * the JIT, the GC and other load on the machine weigh on both alike. Every fetch is checked: a small file's bytes and
 * the whole big file are read back from the fetcher's own store and compared by SHA-256 with what was imported; the big
 * root block byte for byte with the holder's.
 *
 * <p>Counted: the Bitswap want entries the fetching node sent (want-have + want-block; cancels apart), as deltas of
 * its client's counters over all its fetches of one kind, read once they have stopped moving (a want's cancels leave
 * from the thread that delivered its block, after the requester has woken up), and the {@code /ferry/request}
 * requests, as the
 * answers the other nodes of the network gave (served, proxied or refused) over the same stretch: the request client
 * has no counter of its own. Also the want entries all other nodes' Bitswap servers received (the network-wide view).
 * Prints {@code key value} lines and the summary table.
 */
public final class RouteBench {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long SETUP_DEADLINE_S = 180;
    /** Small files of the breakdown of the "on" time to first byte (a third for each way of fetching). */
    static final int DIAG_FILES = 30;

    public static void main(String[] args) throws Exception {
        watchParent();
        Path work = Path.of(args[0]);
        int nodes = Integer.parseInt(args[1]);
        int small = Integer.parseInt(args[2]);
        int minKib = Integer.parseInt(args[3]);
        int maxKib = Integer.parseInt(args[4]);
        int bigMib = Integer.parseInt(args[5]);
        int reps = Integer.parseInt(args[6]);
        if (nodes < 3 * reps + 2) {
            throw new IllegalArgumentException("need at least 3 x REPS + 2 nodes (holder, 3 fresh fetchers per "
                    + "repetition, one warm-up fetcher): " + nodes + " nodes, " + reps + " repetitions");
        }
        if (minKib < 1 || maxKib < minKib || maxKib > 256) {
            throw new IllegalArgumentException("small files are 1-256 KiB (one block each): " + minKib + "-" + maxKib);
        }
        run(work, nodes, small, minKib, maxKib, bigMib, reps);
        System.exit(0);
    }

    /** The process ends by itself when the script that started it is gone (or after BENCH_ROUTE_LIFETIME_S). */
    static void watchParent() {
        long lifetime = Long.parseLong(System.getenv().getOrDefault("BENCH_ROUTE_LIFETIME_S", "3600"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(lifetime);
        var parent = ProcessHandle.current().parent();
        Thread.ofPlatform().daemon().name("watch-parent").start(() -> {
            while (System.nanoTime() < deadline && parent.map(ProcessHandle::isAlive).orElse(true)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("RouteBench: parent gone or lifetime over, exiting");
            Runtime.getRuntime().halt(3);
        });
    }

    // ---------------------------------------------------------------- content

    /** One file: its root once imported, its SHA-256, and its size. */
    record Content(Cid root, byte[] sha256, long bytes) {}

    /** {@code length} pseudo-random bytes from {@code seed}. */
    static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < length; i += 8) {
            long v = rnd.nextLong();
            for (int j = 0; j < 8 && i + j < length; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    static Content importFile(UnixfsImporter importer, byte[] data, String name) throws Exception {
        Cid root = importer.importStream(new ByteArrayInputStream(data), name).cid();
        return new Content(root, MessageDigest.getInstance("SHA-256").digest(data), data.length);
    }

    /** The files of one repetition (or of the warm-up). */
    /**
     * The files of one repetition (or of the warm-up): the big file whose root's TTFB is measured and the one fetched
     * whole are two files, so neither is on a second node when it is fetched (with indexes on, what a fetcher received
     * from a peer is announced in its own index: a second holder would change the routing).
     */
    record ContentSet(List<Content> small, Content bigRoot, Content big, long bigBlocks) {
        List<Cid> cids() {
            List<Cid> all = new ArrayList<>();
            small.forEach(c -> all.add(c.root()));
            all.add(bigRoot.root());
            all.add(big.root());
            return all;
        }
    }

    static ContentSet makeSet(Node holder, long seed, int small, int minKib, int maxKib, int bigMib) throws Exception {
        UnixfsImporter importer = new UnixfsImporter(holder.repo().blocks(), ImportOptions.kuboDefaults());
        SplittableRandom sizes = new SplittableRandom(seed);
        List<Content> smalls = new ArrayList<>();
        for (int i = 0; i < small; i++) {
            int kib = minKib + sizes.nextInt(maxKib - minKib + 1);
            smalls.add(importFile(importer, bytes(kib << 10, seed * 1000 + i), "s" + i));
        }
        Content bigRoot = importFile(importer, bytes(bigMib << 20, seed * 1000 + 998), "big-root");
        Content big = importFile(importer, bytes(bigMib << 20, seed * 1000 + 999), "big");
        return new ContentSet(smalls, bigRoot, big, countBlocks(holder.repo().blocks(), big.root()));
    }

    /** The blocks of the DAG under {@code root} in {@code store} (which must hold all of it). */
    static long countBlocks(Blockstore store, Cid root) {
        Set<Cid> seen = new HashSet<>();
        Deque<Cid> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Cid c = pending.pop();
            if (seen.add(c)) {
                Links.of(store.get(c).orElseThrow()).forEach(pending::push);
            }
        }
        return seen.size();
    }

    static byte[] sha256Of(Blockstore store, Cid root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new UnixfsExporter(store).cat(root)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    // ---------------------------------------------------------------- the networks

    /** A fresh repository listening on 127.0.0.1 only, with no gateway, started as a node. */
    static Node startNode(Path dir, boolean useIndexes) throws IOException {
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            c.set("Gateway.Fallback", RepoConfig.parseValue("[]", true));
            c.set("Exchange.UseIndexes", RepoConfig.parseValue(Boolean.toString(useIndexes), true));
        });
        return Node.start(Repo.open(dir));
    }

    /** NODES nodes in a full mesh, all with the same {@code Exchange.UseIndexes}; node 0 holds the content. */
    static final class Net implements AutoCloseable {
        final String mode;
        final List<Node> nodes = new ArrayList<>();
        final List<ContentSet> sets = new ArrayList<>();
        ContentSet warm;
        ContentSet diag;

        Net(String mode, boolean useIndexes, Path dir, int n) throws IOException {
            this.mode = mode;
            for (int i = 0; i < n; i++) {
                nodes.add(startNode(dir.resolve(mode + "-" + i), useIndexes));
            }
        }

        Node holder() {
            return nodes.getFirst();
        }

        /** Imports the content on the holder and waits until its own record covers every CID. */
        void importContent(int reps, int small, int minKib, int maxKib, int bigMib) throws Exception {
            warm = makeSet(holder(), 1, 2, minKib, maxKib, Math.max(1, bigMib / 8));
            diag = makeSet(holder(), 1000, DIAG_FILES, minKib, maxKib, 1);
            for (int r = 0; r < reps; r++) {
                sets.add(makeSet(holder(), 2 + r, small, minKib, maxKib, bigMib));
            }
            holder().repo().blocks().sync();
            holder().contentChanged();
            List<Cid> all = allCids();
            await(() -> all.stream().allMatch(holder().capabilities().local()::mightServe),
                    mode + ": the holder's index covers its content");
        }

        List<Cid> allCids() {
            List<Cid> all = new ArrayList<>(warm.cids());
            all.addAll(diag.cids());
            sets.forEach(s -> all.addAll(s.cids()));
            return all;
        }

        /** Every node dials every node before it (a full mesh, one connection per pair). */
        void connect() throws Exception {
            List<Thread> dialers = new ArrayList<>();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int j = 1; j < nodes.size(); j++) {
                Node from = nodes.get(j);
                List<Multiaddr> targets = new ArrayList<>();
                for (int i = 0; i < j; i++) {
                    Node to = nodes.get(i);
                    targets.add(Multiaddr.parse(to.listenAddresses().getFirst() + "/p2p/" + to.host().peerId()));
                }
                dialers.add(Thread.ofVirtual().start(() -> {
                    for (Multiaddr a : targets) {
                        try {
                            from.host().connect(a);
                        } catch (IOException | RuntimeException e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            for (Thread t : dialers) {
                t.join();
            }
            if (!errors.isEmpty()) {
                throw new IllegalStateException(mode + ": " + errors.size() + " dials failed", errors.getFirst());
            }
        }

        /**
         * Every node but the holder has every other node as a Bitswap partner and holds every other node's
         * capabilities record, the holder's covering all the content: the same wait in both modes.
         */
        void awaitReady() throws InterruptedException {
            List<Cid> all = allCids();
            PeerId holderId = holder().host().peerId();
            for (Node n : nodes.subList(1, nodes.size())) {
                Set<PeerId> others = new HashSet<>();
                nodes.forEach(o -> others.add(o.host().peerId()));
                others.remove(n.host().peerId());
                await(() -> n.bitswap().client().partners().containsAll(others),
                        mode + ": every peer is a Bitswap partner of " + n.host().peerId());
                await(() -> {
                    Map<PeerId, CapabilitiesRecord> table = n.capabilities().table();
                    CapabilitiesRecord h = table.get(holderId);
                    return table.keySet().containsAll(others) && h != null && all.stream().allMatch(h::mightServe);
                }, mode + ": " + n.host().peerId() + " holds every peer's capabilities record");
            }
        }

        /** /ferry/request requests sent by the nodes of this network. */
        long ferryAnswers() {
            long n = 0;
            for (Node node : nodes) {
                RequestStats s = node.requests().stats();
                n += s.requestsSent();
            }
            return n;
        }

        /** want-have + want-block entries received by all Bitswap servers of this network. */
        long wantsReceived() {
            long n = 0;
            for (Node node : nodes) {
                BitswapServer s = node.bitswap().server();
                n += s.wantHavesReceived() + s.wantBlocksReceived();
            }
            return n;
        }

        /** Cancels sent by all Bitswap clients of this network. */
        long cancelsSent() {
            return nodes.stream().mapToLong(x -> x.bitswap().client().stats().cancelsSent()).sum();
        }

        /** want-have + want-block entries sent by all Bitswap clients of this network. */
        long wantsSent() {
            return nodes.stream().mapToLong(x -> x.bitswap().client().stats().wantsSent()).sum();
        }

        long cancelsReceived() {
            return nodes.stream().mapToLong(x -> x.bitswap().server().cancelsReceived()).sum();
        }

        @Override
        public void close() {
            for (Node n : nodes.reversed()) {
                try {
                    n.close();
                } catch (RuntimeException e) {
                    System.err.println(mode + ": close failed: " + e);
                }
            }
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_DEADLINE_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            Thread.sleep(20); // polling with a deadline: there is no event for "all records arrived"
        }
    }

    /**
     * Waits until a network-wide counter has not moved for 200 ms (at most 5 s): answers and cancels are counted by
     * the other side after the fetcher has moved on.
     */
    static long settled(LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long last = counter.getAsLong();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            long now = counter.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    // ---------------------------------------------------------------- measuring

    /** What one mode's fetches of one kind added up to. */
    static final class Tally {
        final List<Double> millis = new ArrayList<>();
        long wantHaves;
        long wantBlocks;
        long cancels;
        long messages;
        long ferryRequests;
        long wantsReceived;
        long cancelsReceived;
        long wantsSentNetwork;
        long cancelsSentNetwork;
        long verified;

        long wants() {
            return wantHaves + wantBlocks + ferryRequests;
        }

        void addSent(ClientStats before, ClientStats after) {
            wantHaves += after.wantHavesSent() - before.wantHavesSent();
            wantBlocks += after.wantBlocksSent() - before.wantBlocksSent();
            cancels += after.cancelsSent() - before.cancelsSent();
            messages += after.wantMessagesSent() - before.wantMessagesSent();
        }

        double pct(double p) {
            if (millis.isEmpty()) {
                return Double.NaN;
            }
            List<Double> s = new ArrayList<>(millis);
            s.sort(null);
            return s.get((int) Math.min(s.size() - 1, Math.ceil(p * s.size()) - 1));
        }
    }

    enum Kind { SMALL, BIG_ROOT, BIG_ALL }

    /** Per mode, per kind. */
    static final Map<String, Map<Kind, Tally>> tallies = new LinkedHashMap<>();

    /** Blocks of the big file's DAG (the same shape in every repetition). */
    static long bigBlocks;

    static Tally tally(Net net, Kind k) {
        return tallies.computeIfAbsent(net.mode, m -> new LinkedHashMap<>()).computeIfAbsent(k, x -> new Tally());
    }

    /** One session on {@code fetcher}: {@code SMALL}/{@code BIG_ROOT} get the root, {@code BIG_ALL} the whole DAG. */
    /** The node's own fetch path, whatever the mode: {@code Exchange.UseIndexes} decides what the router reads. */
    static ContentFetcher fetcherOf(Net net, Node node) {
        return node.fetcher();
    }

    static void fetchOne(Net net, Node fetcher, Content c, Kind kind, ContentSet set) throws Exception {
        ContentFetcher f = fetcherOf(net, fetcher);
        long t0 = System.nanoTime();
        long t1;
        Block got = null;
        long blocks = 0;
        try (FetchSession s = f.open(TIMEOUT)) {
            if (kind == Kind.BIG_ALL) {
                blocks = s.fetchAll(c.root());
            } else {
                got = s.get(c.root());
            }
            t1 = System.nanoTime();
        }
        Tally t = tally(net, kind);
        t.millis.add((t1 - t0) / 1e6);
        Blockstore store = fetcher.repo().blocks();
        switch (kind) {
            case SMALL -> {
                check(got.cid().equals(c.root()), net, "get answered " + got.cid() + " for " + c.root());
                check(Arrays.equals(sha256Of(store, c.root()), c.sha256()), net, "small file " + c.root()
                        + " read back differs from what was imported");
            }
            case BIG_ROOT -> {
                byte[] want = net.holder().repo().blocks().get(c.root()).orElseThrow().data();
                check(Arrays.equals(got.data(), want), net, "root block of " + c.root() + " differs");
            }
            case BIG_ALL -> {
                check(blocks == set.bigBlocks(), net, "fetchAll counted " + blocks + " blocks, the DAG has "
                        + set.bigBlocks());
                check(Arrays.equals(sha256Of(store, c.root()), c.sha256()), net, "big file " + c.root()
                        + " read back differs from what was imported");
            }
        }
        t.verified++;
    }

    static void check(boolean ok, Net net, String what) {
        if (!ok) {
            throw new IllegalStateException(net.mode + ": " + what);
        }
    }

    /** Runs {@code body} for both networks in turn, {@code first} first, with the network-wide counters around it. */
    interface PerNet {
        void run(Net net) throws Exception;
    }

    static void both(Net a, Net b, boolean aFirst, PerNet body) throws Exception {
        for (Net n : aFirst ? List.of(a, b) : List.of(b, a)) {
            body.run(n);
        }
    }

    static void run(Path work, int n, int small, int minKib, int maxKib, int bigMib, int reps) throws Exception {
        long t0 = System.nanoTime();
        try (Net on = new Net("on", true, work, n); Net off = new Net("off", false, work, n)) {
            List<Net> nets = List.of(on, off);
            for (Net net : nets) {
                net.importContent(reps, small, minKib, maxKib, bigMib);
            }
            bigBlocks = on.sets.getFirst().bigBlocks();
            out("setup_import_s", (System.nanoTime() - t0) / 1e9);
            for (Net net : nets) {
                net.connect();
            }
            for (Net net : nets) {
                net.awaitReady();
            }
            out("setup_ready_s", (System.nanoTime() - t0) / 1e9);
            checkFetchers(nets);

            // warm-up: the last node of each network fetches content of its own (not timed, not counted)
            for (Net net : nets) {
                Node w = net.nodes.getLast();
                for (Content c : net.warm.small()) {
                    try (FetchSession s = fetcherOf(net, w).open(TIMEOUT)) {
                        s.get(c.root());
                    }
                }
                try (FetchSession s = fetcherOf(net, w).open(TIMEOUT)) {
                    s.fetchAll(net.warm.big().root());
                }
                check(Arrays.equals(sha256Of(w.repo().blocks(), net.warm.big().root()), net.warm.big().sha256()),
                        net, "warm-up file read back differs");
            }

            for (int r = 0; r < reps; r++) {
                int rep = r;
                Map<Net, long[]> base = new LinkedHashMap<>();
                Map<Net, ClientStats> sentBase = new LinkedHashMap<>();
                for (Kind kind : Kind.values()) {
                    Map<Net, Node> fetcher = new LinkedHashMap<>();
                    for (Net net : nets) {
                        fetcher.put(net, net.nodes.get(1 + 3 * rep + kind.ordinal()));
                        base.put(net, new long[] {net.ferryAnswers(), net.wantsReceived(), net.cancelsReceived(),
                                net.wantsSent(), net.cancelsSent()});
                        sentBase.put(net, fetcher.get(net).bitswap().client().stats());
                    }
                    if (kind == Kind.SMALL) {
                        for (int i = 0; i < small; i++) {
                            int file = i;
                            both(on, off, (i + rep) % 2 == 0, net -> fetchOne(net, fetcher.get(net),
                                    net.sets.get(rep).small().get(file), Kind.SMALL, net.sets.get(rep)));
                        }
                    } else {
                        both(on, off, rep % 2 == 1, net -> fetchOne(net, fetcher.get(net), kind == Kind.BIG_ROOT
                                ? net.sets.get(rep).bigRoot() : net.sets.get(rep).big(), kind, net.sets.get(rep)));
                    }
                    for (Net net : nets) {
                        Tally t = tally(net, kind);
                        long[] b = base.get(net);
                        var client = fetcher.get(net).bitswap().client();
                        settled(() -> client.stats().wantMessagesSent());
                        t.addSent(sentBase.get(net), client.stats());
                        t.ferryRequests += settled(net::ferryAnswers) - b[0];
                        t.wantsReceived += settled(net::wantsReceived) - b[1];
                        t.cancelsReceived += settled(net::cancelsReceived) - b[2];
                        t.wantsSentNetwork += settled(net::wantsSent) - b[3];
                        t.cancelsSentNetwork += settled(net::cancelsSent) - b[4];
                    }
                }
                System.err.printf(Locale.ROOT, "repetition %d of %d done (%.0f s)%n", r + 1, reps,
                        (System.nanoTime() - t0) / 1e9);
            }
            if (3 * reps + 1 < n - 1) { // a node that has fetched nothing yet (the last one did the warm-up)
                diagnose(on, on.nodes.get(3 * reps + 1));
            }
        }
        out("run_s", (System.nanoTime() - t0) / 1e9);
        report(n, small, minKib, maxKib, bigMib, reps);
        reportDiag();
        System.out.println();
        System.out.println("raw figures (per mode and kind of fetch: on|off _ small|big_root|big_all _ ...):");
        raw.forEach(System.out::println);
    }

    /** The fetchers must be what the node really uses: say which class answers {@code Node.fetcher()}. */
    static void checkFetchers(List<Net> nets) {
        for (Net net : nets) {
            ContentFetcher f = fetcherOf(net, net.nodes.get(1));
            out("fetcher_" + net.mode, f.getClass().getName());
            if (!(f instanceof dev.ferry.routing.router.RoutedFetcher)) {
                throw new IllegalStateException(net.mode + ": Node.fetcher() is " + f.getClass().getName()
                        + ", not the content router's RoutedFetcher");
            }
        }
    }

    // ---------------------------------------------------------------- where the "on" time goes

    static final Map<String, List<Double>> diag = new LinkedHashMap<>();

    static void diagTime(String what, long nanos) {
        diag.computeIfAbsent(what, k -> new ArrayList<>()).add(nanos / 1e6);
    }

    /**
     * On a fresh node of the "on" network, each diagnostic small file is fetched one of three ways, in turn: (a) the
     * router's two parts apart: the ranking ({@code ContentRouter.route}) and one raw {@code /ferry/request} to the
     * holder into a memory store; (b) {@code Node.fetcher()} as measured above; (c) a Bitswap session of the same node
     * (the "off" path, but in this network). Plus opening and negotiating a stream to the holder (ping protocol).
     */
    static void diagnose(Net net, Node d) throws Exception {
        ContentFetcher f = fetcherOf(net, d);
        if (!(f instanceof dev.ferry.routing.router.RoutedFetcher rf)) {
            out("diag", "skipped: the on network's fetcher is " + f.getClass().getName());
            return;
        }
        PeerId holder = net.holder().host().peerId();
        List<Content> files = net.diag.small();
        // the ranking alone, many times over one CID (JIT-compiled by the end): what one call costs when warm
        Cid any = files.getFirst().root();
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                rf.router().route(any);
            }
            diagTime("router ranking, mean of 1000 calls in a row", (System.nanoTime() - t0) / 1000);
        }
        for (int i = 0; i < files.size(); i++) {
            Cid cid = files.get(i).root();
            switch (i % 3) {
                case 0 -> {
                    long t0 = System.nanoTime();
                    var ranked = rf.router().route(cid);
                    long t1 = System.nanoTime();
                    var mem = new dev.ferry.store.MemoryBlockstore();
                    d.requests().fetch(holder, cid, List.of(dev.ferry.exchange.ferry.request.Source.PEER),
                            rf.router().config().ttl(), mem, TIMEOUT);
                    long t2 = System.nanoTime();
                    check(mem.has(cid), net, "raw request did not deliver " + cid);
                    check(!ranked.isEmpty() && ranked.getFirst().candidate()
                            instanceof dev.ferry.routing.router.Candidate.FerryPeer p && p.peer().equals(holder), net,
                            "the router does not rank the holder first for " + cid + ": " + ranked);
                    diagTime("router ranking (ContentRouter.route)", t1 - t0);
                    diagTime("one /ferry/request to the holder, memory store", t2 - t1);
                }
                case 1 -> {
                    long t0 = System.nanoTime();
                    try (FetchSession s = f.open(TIMEOUT)) {
                        s.get(cid);
                    }
                    diagTime("Node.fetcher() get (on), as measured", System.nanoTime() - t0);
                }
                default -> {
                    long t0 = System.nanoTime();
                    try (var s = d.bitswap().client().newSession()) {
                        s.get(cid, TIMEOUT);
                    }
                    diagTime("Bitswap session get, same network", System.nanoTime() - t0);
                }
            }
            long t0 = System.nanoTime();
            var st = d.host().newStream(holder, dev.ferry.net.ping.PingService.PROTOCOL_ID);
            diagTime("open + negotiate a stream to the holder", System.nanoTime() - t0);
            st.reset();
        }
    }

    static void reportDiag() {
        if (diag.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("where the time goes with indexes on (a fresh node of the on network, " + DIAG_FILES
                + " more small files, each fetched one way):");
        for (var e : diag.entrySet()) {
            List<Double> v = new ArrayList<>(e.getValue());
            v.sort(null);
            System.out.printf(Locale.ROOT, "  %-50s p50 %7.2f ms  p90 %7.2f ms  (n=%d)%n", e.getKey(),
                    v.get((v.size() - 1) / 2), v.get((int) Math.ceil(0.9 * v.size()) - 1), v.size());
        }
    }

    // ---------------------------------------------------------------- output

    /** {@code key value} lines, printed after the tables. */
    static final List<String> raw = new ArrayList<>();

    static void out(String key, Object value) {
        raw.add(value instanceof Double d ? String.format(Locale.ROOT, "%s %.3f", key, d) : key + " " + value);
    }

    static String ratio(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "%.3f", a / b) : "-";
    }

    static String verdict(double a, double b, double target) {
        return b > 0 && a / b <= target ? "PASS" : "MISS";
    }

    static void report(int n, int small, int minKib, int maxKib, int bigMib, int reps) {
        for (var m : tallies.entrySet()) {
            for (var k : m.getValue().entrySet()) {
                Tally t = k.getValue();
                String p = m.getKey() + "_" + k.getKey().name().toLowerCase(Locale.ROOT) + "_";
                out(p + "fetches", t.verified);
                out(p + "ms_p50", t.pct(0.5));
                out(p + "ms_p90", t.pct(0.9));
                out(p + "want_have", t.wantHaves);
                out(p + "want_block", t.wantBlocks);
                out(p + "cancel", t.cancels);
                out(p + "want_msgs", t.messages);
                out(p + "ferry_requests", t.ferryRequests);
                out(p + "wants_received_network", t.wantsReceived);
                out(p + "cancels_received_network", t.cancelsReceived);
                out(p + "wants_sent_network", t.wantsSentNetwork);
                out(p + "cancels_sent_network", t.cancelsSentNetwork);
            }
        }
        Map<Kind, Tally> on = tallies.get("on");
        Map<Kind, Tally> off = tallies.get("off");
        long onW = 0;
        long offW = 0;
        long onRx = 0;
        long offRx = 0;
        for (Kind k : Kind.values()) {
            onW += on.get(k).wants();
            offW += off.get(k).wants();
            onRx += on.get(k).wantsReceived + on.get(k).ferryRequests;
            offRx += off.get(k).wantsReceived + off.get(k).ferryRequests;
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "bench/route — %d ferry nodes per network on 127.0.0.1 (full mesh), content on "
                + "one node only; per repetition %d small files (%d-%d KiB, one block each) and two %d MiB files "
                + "(%d blocks each: one for its root's TTFB, one fetched whole); %d repetitions, fresh fetchers and fresh content each; every fetch verified%n",
                n, small, minKib, maxKib, bigMib, bigBlocks, reps);
        String fmt = "%-46s %12s %12s %10s  %s%n";
        System.out.printf(fmt, "measure (on = Exchange.UseIndexes true)", "on", "off", "on/off", "target");
        System.out.printf(fmt, "wants sent by the fetchers, all fetches", onW, offW, ratio(onW, offW),
                "<= 0.10: " + verdict(onW, offW, 0.10));
        System.out.printf(fmt, "  of which /ferry/request requests", sum(on, t -> t.ferryRequests),
                sum(off, t -> t.ferryRequests), "", "");
        System.out.printf(fmt, "  of which Bitswap want-have", sum(on, t -> t.wantHaves), sum(off, t -> t.wantHaves),
                "", "");
        System.out.printf(fmt, "  of which Bitswap want-block", sum(on, t -> t.wantBlocks),
                sum(off, t -> t.wantBlocks), "", "");
        System.out.printf(fmt, "Bitswap cancels sent (not counted above)", sum(on, t -> t.cancels),
                sum(off, t -> t.cancels), "", "");
        long onMsgs = sum(on, t -> t.messages + t.ferryRequests);
        long offMsgs = sum(off, t -> t.messages + t.ferryRequests);
        System.out.printf(fmt, "messages: Bitswap ones with wants + requests", onMsgs, offMsgs, ratio(onMsgs, offMsgs),
                "(cancel-only messages included)");
        System.out.printf(fmt, "wants + requests received by all other nodes", onRx, offRx, ratio(onRx, offRx), "");
        for (Kind k : Kind.values()) {
            Tally a = on.get(k);
            Tally b = off.get(k);
            System.out.printf(fmt, "  wants per fetch, " + label(k), per(a.wants(), a.verified),
                    per(b.wants(), b.verified), ratio(a.wants(), b.wants()), "");
        }
        Tally sOn = on.get(Kind.SMALL);
        Tally sOff = off.get(Kind.SMALL);
        System.out.printf(fmt, "TTFB p50, small files (ms)", ms(sOn.pct(0.5)), ms(sOff.pct(0.5)),
                ratio(sOn.pct(0.5), sOff.pct(0.5)), "<= 1.0: " + verdict(sOn.pct(0.5), sOff.pct(0.5), 1.0));
        System.out.printf(fmt, "TTFB p90, small files (ms)", ms(sOn.pct(0.9)), ms(sOff.pct(0.9)),
                ratio(sOn.pct(0.9), sOff.pct(0.9)), "");
        Tally rOn = on.get(Kind.BIG_ROOT);
        Tally rOff = off.get(Kind.BIG_ROOT);
        System.out.printf(fmt, "TTFB p50, " + bigMib + " MiB file's root (ms)", ms(rOn.pct(0.5)), ms(rOff.pct(0.5)),
                ratio(rOn.pct(0.5), rOff.pct(0.5)), "<= 1.0: " + verdict(rOn.pct(0.5), rOff.pct(0.5), 1.0));
        Tally aOn = on.get(Kind.BIG_ALL);
        Tally aOff = off.get(Kind.BIG_ALL);
        System.out.printf(fmt, "full fetch p50, " + bigMib + " MiB file (ms)", ms(aOn.pct(0.5)), ms(aOff.pct(0.5)),
                ratio(aOn.pct(0.5), aOff.pct(0.5)), "");
        System.out.printf("samples: %d small-file TTFBs, %d root TTFBs, %d full fetches per mode. wants: Bitswap "
                + "want-have + want-block entries the fetching nodes sent, plus /ferry/request requests (the answers "
                + "the other nodes gave); TTFB: from opening a session on a fresh fetcher to get(root) returning the "
                + "verified block (a small file's only block; the big file's root); full fetch: fetchAll of the big "
                + "file on another fresh fetcher%n", sOn.millis.size(), rOn.millis.size(), aOn.millis.size());
    }

    static String label(Kind k) {
        return switch (k) {
            case SMALL -> "small file";
            case BIG_ROOT -> "big root block";
            case BIG_ALL -> "big file, whole DAG";
        };
    }

    static long sum(Map<Kind, Tally> m, java.util.function.ToLongFunction<Tally> f) {
        return m.values().stream().mapToLong(f).sum();
    }

    static String per(long total, long count) {
        return count == 0 ? "-" : String.format(Locale.ROOT, "%.1f", total / (double) count);
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
