import dev.ferry.crypto.AeadCipher;
import dev.ferry.crypto.ChaCha20Poly1305;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.crypto.XSalsa20;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.node.Hosts;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Java side of {@code bench/net}, run with the JDK's source launcher against the jar
 * ({@code java --enable-native-access=ALL-UNNAMED -cp target/ferry.jar bench/src/NetBench.java MODE ...}).
 *
 * <ul>
 *   <li>{@code ferry-sink ADDRFILE}: a ferry host serving the sink protocol (read to EOF, answer the byte count as
 *       8 bytes big-endian); writes its {@code /ip4/…/tcp/…/p2p/…} address to ADDRFILE and serves until its parent
 *       process ends or {@code BENCH_NET_LIFETIME_S} (default 3600) pass.</li>
 *   <li>{@code ferry-send ADDR BYTES STREAMS WARMUP}: one host dials ADDR, sends WARMUP bytes on one stream
 *       (untimed), then BYTES on one stream, then BYTES split over STREAMS parallel streams; prints
 *       {@code 1 MB/s} and {@code STREAMS MB/s}, each timed from the first byte to the last answer.</li>
 *   <li>{@code tcp-sink ADDRFILE} / {@code tcp-send HOST:PORT BYTES STREAMS WARMUP}: the same with plain sockets
 *       (one TCP connection per stream).</li>
 *   <li>{@code cipher SECONDS}: single-thread ChaCha20-Poly1305 seal rate on 64 KiB messages for each backend, after
 *       a 2 s warm-up.</li>
 *   <li>{@code idle-server ADDRFILE}: a ferry host answering the heap protocol (full GC, then used heap, direct
 *       buffer bytes and connection count) until asked to quit.</li>
 *   <li>{@code idle-client ADDR N SETTLE_S}: one warm-up client host connects (paying one-off costs); N more client
 *       hosts connect in two halves and go idle; the heaps of both sides are read before and after each half; prints
 *       the KiB per connection over all N and over the second half alone.</li>
 * </ul>
 */
public final class NetBench {
    static final String SINK = "/ferry/bench/sink/1.0.0";
    static final String HEAP = "/ferry/bench/heap/1.0.0";
    static final int CHUNK = 256 << 10;

    public static void main(String[] args) throws Exception {
        watchParent();
        switch (args[0]) {
            case "ferry-sink" -> ferrySink(Path.of(args[1]));
            case "ferry-send" -> ferrySend(Multiaddr.parse(args[1]), Long.parseLong(args[2]),
                    Integer.parseInt(args[3]), Long.parseLong(args[4]));
            case "tcp-sink" -> tcpSink(Path.of(args[1]));
            case "tcp-send" -> tcpSend(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]));
            case "cipher" -> cipher(Double.parseDouble(args[1]));
            case "idle-server" -> idleServer(Path.of(args[1]));
            case "idle-client" -> idleClient(Multiaddr.parse(args[1]), Integer.parseInt(args[2]),
                    Double.parseDouble(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.exit(0);
    }

    /** Every process ends by itself: when the script that started it is gone, or after a lifetime cap. */
    static void watchParent() {
        long lifetime = Long.parseLong(System.getenv().getOrDefault("BENCH_NET_LIFETIME_S", "3600"));
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
            System.err.println("NetBench: parent gone or lifetime over, exiting");
            Runtime.getRuntime().halt(3);
        });
    }

    // ---------------------------------------------------------------- ferry host → ferry host

    static Host newHost(HostConfig config) {
        return Hosts.create(Identity.generate(new SecureRandom()), config).host();
    }

    /**
     * Inside a private network when BENCH_NET_SWARM_KEY_HEX holds a key (both ends get the same); secured by libp2p TLS
     * only when BENCH_NET_SECURITY is "tls".
     */
    static HostConfig transferConfig() {
        String hex = System.getenv("BENCH_NET_SWARM_KEY_HEX");
        HostConfig c = HostConfig.defaults();
        if ("tls".equals(System.getenv("BENCH_NET_SECURITY"))) {
            c = c.withTransports(c.transports().withSecurity(dev.ferry.net.host.SecurityPreference.of(
                    dev.ferry.net.host.SecurityTransport.TLS)));
        }
        return hex == null || hex.isEmpty() ? c : c.withPrivateNetwork(SwarmKey.of(java.util.HexFormat.of().parseHex(hex)));
    }

    static void ferrySink(Path addrFile) throws Exception {
        Host host = newHost(transferConfig());
        host.setHandler(SINK, s -> sink(s.in(), s.out()));
        // over WebSockets when BENCH_NET_WS is set: the client dials whatever address is published
        boolean ws = System.getenv("BENCH_NET_WS") != null;
        host.start(List.of(Multiaddr.parse(ws ? "/ip4/127.0.0.1/tcp/0/ws" : "/ip4/127.0.0.1/tcp/0")));
        publish(addrFile, host.listenAddresses().getFirst() + "/p2p/" + host.peerId());
        new CountDownLatch(1).await(); // until killed or the parent watch ends the process
    }

    /** Reads to EOF and answers with the count; shared by the ferry and TCP sinks. */
    static void sink(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
        }
        DataOutputStream d = new DataOutputStream(out);
        d.writeLong(total);
        d.flush();
    }

    static void ferrySend(Multiaddr addr, long bytes, int streams, long warmup) throws Exception {
        Host host = newHost(transferConfig());
        host.connect(addr);
        PeerId peer = PeerId.parse(addr.valueOf("p2p").orElseThrow());
        Opener open = () -> {
            NegotiatedStream s = host.newStream(peer, SINK);
            return new Pipe(s.in(), s.out(), s::closeWrite, s::close);
        };
        if (warmup > 0) {
            transfer(open, warmup, 1);
        }
        System.out.printf(Locale.ROOT, "1 %.1f%n", transfer(open, bytes, 1));
        System.out.printf(Locale.ROOT, "%d %.1f%n", streams, transfer(open, bytes, streams));
        host.close();
    }

    // ---------------------------------------------------------------- plain TCP

    static void tcpSink(Path addrFile) throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        publish(addrFile, "127.0.0.1:" + server.getLocalPort());
        while (true) {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> {
                try (s) {
                    sink(s.getInputStream(), s.getOutputStream());
                } catch (IOException e) {
                    System.err.println("tcp sink: " + e);
                }
            });
        }
    }

    static void tcpSend(String hostPort, long bytes, int streams, long warmup) throws Exception {
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress to = new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
        Opener open = () -> {
            Socket s = new Socket();
            s.connect(to, 10_000);
            return new Pipe(s.getInputStream(), s.getOutputStream(), s::shutdownOutput, s::close);
        };
        if (warmup > 0) {
            transfer(open, warmup, 1);
        }
        System.out.printf(Locale.ROOT, "1 %.1f%n", transfer(open, bytes, 1));
        System.out.printf(Locale.ROOT, "%d %.1f%n", streams, transfer(open, bytes, streams));
    }

    // ---------------------------------------------------------------- the timed transfer

    interface Opener {
        Pipe open() throws IOException;
    }

    interface IoAction {
        void run() throws IOException;
    }

    record Pipe(InputStream in, OutputStream out, IoAction closeWrite, IoAction close) {}

    /**
     * Opens {@code streams} pipes first (untimed), then sends {@code bytes} split over them in parallel; timed from
     * the first byte to the last answer. Returns MB/s (10^6 bytes per second).
     */
    static double transfer(Opener opener, long bytes, int streams) throws Exception {
        List<Pipe> pipes = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            pipes.add(opener.open());
        }
        byte[] data = new byte[CHUNK];
        new SplittableRandom(1).nextBytes(data);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> answers = new ArrayList<>();
        ThreadFactory vt = Thread.ofVirtual().name("send-", 0).factory();
        try (var exec = java.util.concurrent.Executors.newThreadPerTaskExecutor(vt)) {
            for (int i = 0; i < streams; i++) {
                Pipe p = pipes.get(i);
                long share = bytes / streams + (i < bytes % streams ? 1 : 0);
                answers.add(exec.submit(() -> {
                    start.await();
                    long left = share;
                    while (left > 0) {
                        int n = (int) Math.min(left, data.length);
                        p.out().write(data, 0, n);
                        left -= n;
                    }
                    p.out().flush();
                    p.closeWrite().run();
                    long got = new DataInputStream(p.in()).readLong();
                    p.close().run();
                    if (got != share) {
                        throw new IOException("sink counted " + got + " bytes, sent " + share);
                    }
                    return got;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<Long> f : answers) {
                f.get(30, TimeUnit.MINUTES);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            return bytes / 1e6 / secs;
        }
    }

    // ---------------------------------------------------------------- cipher rates

    static void cipher(double seconds) {
        List<AeadCipher> backends = new ArrayList<>();
        backends.add(ChaCha20Poly1305.jdk());
        ChaCha20Poly1305.openssl().ifPresentOrElse(backends::add,
                () -> System.out.println("openssl - " + ChaCha20Poly1305.opensslUnavailableReason().orElse("?")));
        for (AeadCipher c : backends) {
            try (c) {
                sealRate(c, 2.0); // warm-up: the JIT needs a while on a loaded machine
                System.out.printf(Locale.ROOT, "%s %.1f%n", c.name(), sealRate(c, seconds));
            }
        }
        xorRate(2.0);
        System.out.printf(Locale.ROOT, "xsalsa20 %.1f %s%n", xorRate(seconds),
                XSalsa20.nativeKeystream() ? "libsodium" : "Java");
    }

    /** The private network keystream (XSalsa20 XOR over 8 KiB writes, as a protected connection does). */
    static double xorRate(double seconds) {
        XSalsa20 x = new XSalsa20(new byte[XSalsa20.KEY_LENGTH], new byte[XSalsa20.NONCE_LENGTH]);
        byte[] in = new byte[8 << 10];
        byte[] out = new byte[in.length];
        long bytes = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                x.apply(in, 0, in.length, out, 0);
                bytes += in.length;
            }
            now = System.nanoTime();
        } while (now < end);
        return bytes / 1e6 / ((now - t0) / 1e9);
    }

    static double sealRate(AeadCipher c, double seconds) {
        byte[] key = new byte[AeadCipher.KEY_LENGTH];
        new SplittableRandom(2).nextBytes(key);
        byte[] in = new byte[64 << 10];
        new SplittableRandom(3).nextBytes(in);
        byte[] out = new byte[in.length + AeadCipher.TAG_LENGTH];
        long nonce = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                c.seal(key, nonce++, null, in, 0, in.length, out, 0);
                bytes += in.length;
            }
            now = System.nanoTime();
        } while (now < end);
        return bytes / 1e6 / ((now - t0) / 1e9);
    }

    // ---------------------------------------------------------------- heap per idle connection

    static void idleServer(Path addrFile) throws Exception {
        HostConfig config = HostConfig.defaults().withConnectionLimits(4096, 4000, 3000, Duration.ofMinutes(30))
                .withMaxPendingInbound(256);
        Host host = newHost(config);
        CountDownLatch quit = new CountDownLatch(1);
        host.setHandler(HEAP, s -> {
            DataInputStream in = new DataInputStream(s.in());
            boolean last = in.readBoolean();
            long[] heap = usedHeap();
            DataOutputStream out = new DataOutputStream(s.out());
            out.writeLong(heap[0]);
            out.writeLong(heap[1]);
            out.writeInt(host.connectionManager().connectionCount());
            out.flush();
            if (last) {
                quit.countDown();
            }
        });
        host.start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
        publish(addrFile, host.listenAddresses().getFirst() + "/p2p/" + host.peerId());
        quit.await();
        Thread.sleep(200); // let the last answer leave before the process ends
    }

    static void idleClient(Multiaddr addr, int n, double settle) throws Exception {
        PeerId server = PeerId.parse(addr.valueOf("p2p").orElseThrow());
        Host first = newHost(HostConfig.defaults()); // warm-up connection (one-off costs); carries the heap questions
        first.connect(addr);
        long[] clientEmpty = usedHeap();
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hosts.add(newHost(HostConfig.defaults()));
        }
        settle(settle);
        long[] client0 = usedHeap();
        long[] server0 = askHeap(first, server, false);
        // Readings at 1, 1 + n/2 and 1 + n connections: the average over all n, and the second half alone as a check
        // that the cost is linear (a reading can be off by a few MiB: identify exchanges still running, and so on).
        int half = n / 2;
        connectAll(hosts.subList(0, half), addr);
        settle(settle);
        long[] client1 = usedHeap();
        long[] server1 = askHeap(first, server, false);
        connectAll(hosts.subList(half, n), addr);
        settle(settle);
        long[] client2 = usedHeap();
        long[] server2 = askHeap(first, server, true);
        int m = n - half;
        if (System.getenv("BENCH_NET_DEBUG") != null) {
            System.err.printf("client heap %d %d %d %d, server %d %d %d%n", clientEmpty[0], client0[0], client1[0],
                    client2[0], server0[0], server1[0], server2[0]);
        }
        System.out.printf(Locale.ROOT, "server_conns %d %d %d%n", server0[2], server1[2], server2[2]);
        System.out.printf(Locale.ROOT, "server_heap_kib %.1f%n", (server2[0] - server0[0]) / 1024.0 / n);
        System.out.printf(Locale.ROOT, "server_heap_half_kib %.1f%n", (server2[0] - server1[0]) / 1024.0 / m);
        System.out.printf(Locale.ROOT, "server_direct_kib %.1f%n", (server2[1] - server0[1]) / 1024.0 / n);
        System.out.printf(Locale.ROOT, "client_conn_heap_kib %.1f%n", (client2[0] - client0[0]) / 1024.0 / n);
        System.out.printf(Locale.ROOT, "client_conn_heap_half_kib %.1f%n", (client2[0] - client1[0]) / 1024.0 / m);
        System.out.printf(Locale.ROOT, "client_host_heap_kib %.1f%n", (client0[0] - clientEmpty[0]) / 1024.0 / n);
        for (Host h : hosts) {
            h.close();
        }
        first.close();
    }

    /** Connects every host to {@code addr}, 16 handshakes at a time. */
    static void connectAll(List<Host> hosts, Multiaddr addr) throws Exception {
        Semaphore permits = new Semaphore(16);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (var exec = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Host h : hosts) {
                exec.submit(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        h.connect(addr);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    static void settle(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000)); // identify exchanges and buffers settle; benchmark only
    }

    static long[] askHeap(Host via, PeerId server, boolean last) throws IOException {
        try (NegotiatedStream s = via.newStream(server, HEAP)) {
            DataOutputStream out = new DataOutputStream(s.out());
            out.writeBoolean(last);
            out.flush();
            DataInputStream in = new DataInputStream(s.in());
            return new long[] {in.readLong(), in.readLong(), in.readInt()};
        }
    }

    /**
     * Heap live after a full collection (the pools' usage right after it, so that what background threads allocate
     * afterwards does not count; the least of three), and direct buffer bytes.
     */
    static long[] usedHeap() throws InterruptedException {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            long live = 0;
            for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null) {
                    live += p.getCollectionUsage().getUsed();
                }
            }
            heap = Math.min(heap, live);
            Thread.sleep(50);
        }
        long direct = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                direct = b.getMemoryUsed();
            }
        }
        return new long[] {heap, direct};
    }

    static void publish(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
