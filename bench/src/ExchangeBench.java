import com.sun.management.GarbageCollectionNotificationInfo;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.FetchSession;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The Java side of {@code bench/exchange}, run with the JDK's source launcher against the jar
 * ({@code java --enable-native-access=ALL-UNNAMED -cp target/ferry.jar bench/src/ExchangeBench.java MODE ...}).
 * Both sides are real ferry nodes ({@link Node} on a repository with its file blockstore), Bitswap over
 * Noise + Yamux on 127.0.0.1.
 *
 * <ul>
 *   <li>{@code seed INFOFILE REPODIR MIB WARM_MIB SMALL SMALL_KIB}: a node that imports (Kubo's defaults: CIDv0,
 *       256 KiB chunks) a MIB MiB pseudo-random file, a WARM_MIB MiB warm-up file and SMALL files of SMALL_KIB KiB,
 *       all from fixed seeds (two seeders hold the same blocks), syncs, writes what a fetcher needs to INFOFILE
 *       ({@code key value} lines) and serves until its parent process ends or {@code BENCH_XCH_LIFETIME_S}
 *       (default 3600) pass.</li>
 *   <li>{@code fetch REPODIR INFOFILE...}: a node that connects to every seeder, fetches the warm-up file (untimed),
 *       then each small file in turn (time to its first block, a new session each), then the big file's whole DAG
 *       (timed: every block verified and stored; then the store's sync, timed apart), then checks the file's
 *       SHA-256 against the seeder's. Prints {@code key value} lines; heap figures are of this process during the
 *       big fetch: the highest used heap seen (sampled every 20 ms and before each collection), and the highest
 *       heap still live after a major collection (with {@code BENCH_XCH_MIDGC} set, one is forced when half the
 *       file has arrived; its pause is left out of the rate and printed as {@code forced_gc_s}). CPU seconds per GiB of this process and of the seeders (from
 *       /proc) over the big fetch.</li>
 * </ul>
 */
public final class ExchangeBench {
    static final long BIG_SEED = 1;
    static final long WARM_SEED = 2;
    static final long SMALL_SEED = 3;

    public static void main(String[] args) throws Exception {
        watchParent();
        switch (args[0]) {
            case "seed" -> seed(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "fetch" -> fetch(Path.of(args[1]), Arrays.stream(args, 2, args.length).map(Path::of).toList());
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    /** Every process ends by itself: when the script that started it is gone, or after a lifetime cap. */
    static void watchParent() {
        long lifetime = Long.parseLong(System.getenv().getOrDefault("BENCH_XCH_LIFETIME_S", "3600"));
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
            System.err.println("ExchangeBench: parent gone or lifetime over, exiting");
            Runtime.getRuntime().halt(3);
        });
    }

    /** A fresh repository listening on 127.0.0.1 only, started as a node. */
    static Node startNode(Path dir) throws IOException {
        return startNode(dir, true);
    }

    /** @param useIndexes false: the node fetches as a plain IPFS node (Bitswap), ignoring ferry peers' indexes */
    static Node startNode(Path dir, boolean useIndexes) throws IOException {
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            c.set("Exchange.UseIndexes", RepoConfig.parseValue(Boolean.toString(useIndexes), true));
            c.set("Exchange.PinAfterPeerFetch", RepoConfig.parseValue("false", true));
            String routing = System.getenv("BENCH_XCH_ROUTING");
            if (routing != null && !routing.isEmpty()) {
                c.set("Routing.Type", RepoConfig.parseValue(routing, false));
            }
        });
        return Node.start(Repo.open(dir));
    }

    // ---------------------------------------------------------------- seeder

    static void seed(Path infoFile, Path dir, long mib, long warmMib, int small, int smallKib) throws Exception {
        Node node = startNode(dir);
        ImportOptions opts = ImportOptions.kuboDefaults();
        Map<String, String> info = new LinkedHashMap<>();
        info.put("pid", Long.toString(ProcessHandle.current().pid()));
        info.put("addr", node.listenAddresses().getFirst() + "/p2p/" + node.host().peerId());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        UnixfsImporter importer = new UnixfsImporter(node.repo().blocks(), opts);
        info.put("root", importer.importStream(new RandomStream(mib << 20, BIG_SEED, md), "big").cid().toString());
        info.put("sha256", HexFormat.of().formatHex(md.digest()));
        info.put("bytes", Long.toString(mib << 20));
        info.put("warm", importer.importStream(new RandomStream(warmMib << 20, WARM_SEED, null), "warm").cid()
                .toString());
        info.put("warm_bytes", Long.toString(warmMib << 20));
        List<String> smalls = new ArrayList<>();
        for (int i = 0; i < small; i++) {
            smalls.add(importer.importStream(new RandomStream(smallKib << 10, SMALL_SEED + i, null), "s" + i).cid()
                    .toString());
        }
        info.put("small", String.join(",", smalls));
        node.repo().blocks().sync();
        node.contentChanged(); // the content index ferry peers route by
        StringBuilder sb = new StringBuilder();
        info.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        profile(dir.getFileName().toString()); // from here on the seeder only serves
        publish(infoFile, sb.toString());
        new CountDownLatch(1).await(); // until killed or the parent watch ends the process
    }

    /** {@code length} pseudo-random bytes from {@code seed}, optionally hashed on the way. */
    static final class RandomStream extends InputStream {
        private final SplittableRandom rnd;
        private final MessageDigest md;
        private final byte[] chunk = new byte[1 << 16];
        private long left;
        private int pos = chunk.length;

        RandomStream(long length, long seed, MessageDigest md) {
            this.rnd = new SplittableRandom(seed);
            this.md = md;
            this.left = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            if (pos == chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                pos = 0;
            }
            int n = (int) Math.min(Math.min(len, chunk.length - pos), left);
            System.arraycopy(chunk, pos, b, off, n);
            if (md != null) {
                md.update(chunk, pos, n);
            }
            pos += n;
            left -= n;
            return n;
        }
    }

    // ---------------------------------------------------------------- fetcher

    static Map<String, String> readInfo(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                m.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        return m;
    }

    static void fetch(Path dir, List<Path> infoFiles) throws Exception {
        List<Map<String, String>> infos = new ArrayList<>();
        for (Path f : infoFiles) {
            infos.add(readInfo(f));
        }
        Map<String, String> info = infos.getFirst();
        Cid root = Cid.parse(info.get("root"));
        long bytes = Long.parseLong(info.get("bytes"));
        Duration timeout = Duration.ofSeconds(60);
        HeapWatch heap = new HeapWatch();
        // BENCH_XCH_PROTOCOL: bitswap (the node ignores ferry indexes) or ferry (it routes to the seeders' indexes)
        boolean ferry = "ferry".equals(System.getenv("BENCH_XCH_PROTOCOL"));
        try (Node node = startNode(dir, ferry)) {
            List<PeerId> seeders = new ArrayList<>();
            for (Map<String, String> i : infos) {
                Multiaddr a = Multiaddr.parse(i.get("addr"));
                node.host().connect(a);
                seeders.add(PeerId.parse(a.valueOf("p2p").orElseThrow()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!node.bitswap().client().partners().containsAll(seeders)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("seeders did not become Bitswap partners");
                }
                Thread.sleep(10); // polling with a deadline
            }
            while (ferry && !seeders.stream().allMatch(p -> node.capabilities().peerCapabilities(p)
                    .map(r -> r.mightServe(root)).orElse(false))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the seeders' content indexes did not arrive");
                }
                Thread.sleep(10); // polling with a deadline
            }

            // warm-up (untimed for the result, reported for information)
            long t0 = System.nanoTime();
            try (FetchSession s = node.fetcher().open(timeout)) {
                s.fetchAll(Cid.parse(info.get("warm")));
            }
            double warmSecs = (System.nanoTime() - t0) / 1e9;
            out("warm_mbps", Long.parseLong(info.get("warm_bytes")) / 1e6 / warmSecs);

            // time to first byte: each small file is one block, fetched in a session of its own
            List<Double> ttfb = new ArrayList<>();
            for (String c : info.get("small").split(",")) {
                Cid cid = Cid.parse(c);
                long s0 = System.nanoTime();
                try (FetchSession s = node.fetcher().open(timeout)) {
                    s.get(cid);
                }
                ttfb.add((System.nanoTime() - s0) / 1e6);
            }
            ttfb.sort(null);
            out("ttfb_ms_p50", ttfb.get(ttfb.size() / 2));
            out("ttfb_ms_p99", ttfb.get((int) Math.ceil(ttfb.size() * 0.99) - 1)); // nearest rank
            out("ttfb_ms_min", ttfb.getFirst());
            out("ttfb_ms_max", ttfb.getLast());
            out("ttfb_count", ttfb.size());

            // the big file
            System.gc();
            long liveBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long received0 = node.bitswap().client().stats().dataReceived();
            boolean midGc = System.getenv("BENCH_XCH_MIDGC") != null;
            heap.start(() -> midGc && node.bitswap().client().stats().dataReceived() - received0 >= bytes / 2);
            jdk.jfr.Recording rec = profile("fetch");
            Process perf = perf(infos);
            long blocks;
            long cpu0 = cpuNanos();
            Map<String, Long> threads0 = threadCpu(ProcessHandle.current().pid());
            long seedPid = Long.parseLong(info.get("pid"));
            Map<String, Long> seedThreads0 = threadCpu(seedPid);
            long[] machine0 = machineTicks();
            long[] seedCpu0 = infos.stream().mapToLong(i -> procCpuNanos(i.get("pid"))).toArray();
            t0 = System.nanoTime();
            List<dev.ferry.routing.SourceUse> sources;
            try (FetchSession s = node.fetcher().open(timeout)) {
                blocks = s.fetchAll(root);
                sources = s.sources();
            }
            long t1 = System.nanoTime();
            long cpu1 = cpuNanos();
            long[] machine1 = machineTicks();
            Map<String, Long> threads1 = threadCpu(ProcessHandle.current().pid());
            Map<String, Long> seedThreads1 = threadCpu(seedPid);
            long seedCpu = 0;
            for (int i = 0; i < infos.size(); i++) {
                seedCpu += procCpuNanos(infos.get(i).get("pid")) - seedCpu0[i];
            }
            heap.stop();
            if (perf != null) {
                perf.destroy(); // SIGTERM: perf writes its file and ends
                perf.waitFor(60, TimeUnit.SECONDS);
            }
            if (rec != null) {
                rec.stop(); // written to its destination
            }
            node.repo().blocks().sync();
            long t2 = System.nanoTime();
            out("blocks", blocks);
            out("fetch_s", (t1 - t0) / 1e9);
            // less the collection forced to read the live heap (BENCH_XCH_MIDGC), which is the bench's, not ferry's
            out("fetch_mbps", bytes / 1e6 / ((t1 - t0 - heap.forcedNanos.get()) / 1e9));
            out("forced_gc_s", heap.forcedNanos.get() / 1e9);
            out("sync_s", (t2 - t1) / 1e9);
            long machineTotal = machine1[1] - machine0[1];
            out("machine_busy", machineTotal <= 0 ? -1.0
                    : (double) (machine1[0] - machine0[0]) / machineTotal * Runtime.getRuntime().availableProcessors());
            out("fetch_cpu_s_per_gib", (cpu1 - cpu0) / 1e9 / (bytes / 1073741824.0));
            out("seed_cpu_s_per_gib", seedCpu / 1e9 / (bytes / 1073741824.0));
            out("fetch_cpu_split", split(threads0, threads1, bytes));
            out("seed_cpu_split", split(seedThreads0, seedThreads1, bytes));
            out("heap_before_mib", liveBefore / 1048576.0);
            out("heap_peak_mib", heap.peak.get() / 1048576.0);
            out("heap_live_mib", heap.maxLive.get() < 0 ? -1 : heap.maxLive.get() / 1048576.0);
            out("heap_max_mib", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1048576.0);
            out("gcs", heap.collections.get());
            out("major_gcs", heap.majors.get());
            for (var u : sources) {
                out("source", u.type() + ":" + u.id().substring(Math.max(0, u.id().length() - 6)) + "="
                        + String.format(java.util.Locale.ROOT, "%.0fMiB", u.bytes() / 1048576.0));
            }
            for (var e : node.bitswap().stats().perPeer().entrySet()) {
                if (seeders.contains(e.getKey())) {
                    out("from_seeder_mib", e.getValue().bytesReceived() / 1048576.0);
                }
            }
            out("dup_blocks", node.bitswap().stats().dupBlksReceived());

            // the whole file, read back from the local store (each block verified again), against the seeder's hash
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new UnixfsExporter(node.repo().blocks()).cat(root)) {
                byte[] buf = new byte[1 << 20];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(info.get("sha256"))) {
                throw new IllegalStateException("fetched file hashes to " + got + ", seeder's is " + info.get("sha256"));
            }
            out("verified", "sha256-match");
        }
    }

    /**
     * With {@code BENCH_XCH_JFR=DIR}, a JFR recording (profile settings) from now on, written to DIR/NAME.jfr when
     * stopped or when the process ends.
     */
    static jdk.jfr.Recording profile(String name) throws Exception {
        String dir = System.getenv("BENCH_XCH_JFR");
        if (dir == null || dir.isEmpty()) {
            return null;
        }
        jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2)); // enough samples for a run of seconds
        r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
        r.setDestination(Path.of(dir, name + ".jfr"));
        r.setDumpOnExit(true);
        r.start();
        return r;
    }

    /**
     * With {@code BENCH_XCH_PERF=DIR}, Linux perf samples (call graphs) of the fetcher and its seeders from now on,
     * into DIR/fetch.perf (the JVMs need -XX:+DumpPerfMapAtExit for Java frame names); null without it.
     */
    static Process perf(List<Map<String, String>> seeders) throws IOException {
        String dir = System.getenv("BENCH_XCH_PERF");
        if (dir == null || dir.isEmpty()) {
            return null;
        }
        StringBuilder pids = new StringBuilder().append(ProcessHandle.current().pid());
        for (Map<String, String> i : seeders) {
            pids.append(',').append(i.get("pid"));
        }
        return new ProcessBuilder("perf", "record", "-F", "499", "-g", "-q", "-p", pids.toString(),
                "-o", Path.of(dir, "fetch.perf").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** CPU time of this process (all threads). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time (user + system) of a process's threads from /proc, summed by kind (the thread name without its number:
     * JIT compilers, GC, the virtual threads' carriers, ...); empty when unreadable.
     */
    static Map<String, Long> threadCpu(long pid) {
        Map<String, Long> m = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[-#]?\\d+$", "");
                    if (name.startsWith("ForkJoinPool")) {
                        name = "carriers"; // the platform threads that run the virtual threads: ferry's own work
                    }
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return m;
    }

    /** The six kinds of threads that used the most CPU between two readings, in seconds per GiB fetched. */
    static String split(Map<String, Long> before, Map<String, Long> after, long bytes) {
        StringBuilder sb = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey().replace(' ', '_'), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6).forEach(e -> sb.append(String.format(Locale.ROOT, "%s=%.1f,", e.getKey(),
                        e.getValue() / 1e9 / (bytes / 1073741824.0))));
        return sb.isEmpty() ? "-" : sb.substring(0, sb.length() - 1);
    }

    /** Busy and total jiffies of the whole machine (all cores) from /proc/stat; zeros when unreadable. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return new long[] {total - Long.parseLong(f[4]) - Long.parseLong(f[5]), total};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** CPU time (user + system) of another process from /proc, or 0 when unreadable. */
    static long procCpuNanos(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime and stime, fields 14 and 15
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static void out(String key, Object value) {
        if (value instanceof Double d) {
            System.out.printf(Locale.ROOT, "%s %.2f%n", key, d);
        } else {
            System.out.println(key + " " + value);
        }
    }

    /**
     * Heap readings of this process while it runs: the highest used heap (sampled every 20 ms, and as reported
     * before each collection: the true peaks lie just before collections) and the highest used heap right after a
     * major collection (what the fetch really keeps live; -1 when none ran).
     */
    static final class HeapWatch {
        final AtomicLong peak = new AtomicLong();
        final AtomicLong maxLive = new AtomicLong(-1);
        final AtomicLong collections = new AtomicLong();
        final AtomicLong majors = new AtomicLong();
        /** Wall time of the forced collection: the pause is the measurement's, not the transfer's. */
        final AtomicLong forcedNanos = new AtomicLong();
        private volatile boolean running;
        private Thread sampler;

        HeapWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    if (!running || !n.getType().equals(
                            GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    var gi = info.getGcInfo();
                    peak.accumulateAndGet(sum(gi.getMemoryUsageBeforeGc()), Math::max);
                    if (info.getGcAction().contains("major")) { // a young collection leaves old garbage in place
                        maxLive.accumulateAndGet(sum(gi.getMemoryUsageAfterGc()), Math::max);
                        majors.incrementAndGet();
                    }
                    collections.incrementAndGet();
                }, null, null);
            }
        }

        /** Heap pools only (the notifications also report metaspace and code cache). */
        static long sum(Map<String, MemoryUsage> pools) {
            long n = 0;
            for (var p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == java.lang.management.MemoryType.HEAP && pools.containsKey(p.getName())) {
                    n += pools.get(p.getName()).getUsed();
                }
            }
            return n;
        }

        /** @param collectNow when it first answers true, one full collection shows what is live at that point */
        void start(java.util.function.BooleanSupplier collectNow) {
            running = true;
            sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                boolean collected = false;
                while (running) {
                    if (!collected && collectNow.getAsBoolean()) {
                        collected = true;
                        long g0 = System.nanoTime();
                        System.gc(); // reported as a major collection: its "after" reading is the live heap
                        forcedNanos.set(System.nanoTime() - g0);
                    }
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                            Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
        }
    }

    static void publish(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
