package dev.ferry.exchange.bitswap;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.exchange.bitswap.client.BitswapSession;
import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures loopback throughput (not a unit test): a bare host stream, then Bitswap from one and from two seeders.
 *
 * <pre>java -Xmx3g --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:&lt;deps&gt; \
 *     dev.ferry.exchange.bitswap.BitswapThroughput [MiB=256] [rounds=3]</pre>
 */
public final class BitswapThroughput {
    private BitswapThroughput() {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        byte[] file = new byte[mib << 20];
        new Random(1).nextBytes(file);
        try (TestHosts hosts = new TestHosts()) {
            BitswapNode a = new BitswapNode(hosts, BitswapConfig.defaults());
            BitswapNode b = new BitswapNode(hosts, BitswapConfig.defaults());
            Cid root = a.add(file, ImportOptions.kuboDefaults().withCidVersion(1));
            try (Stream<Cid> cids = a.store.cids()) {
                cids.forEach(c -> b.store.put(a.store.get(c).orElseThrow()));
            }
            // bare stream
            a.host.setHandler("/bench/1", s -> {
                byte[] buf = new byte[1 << 20];
                InputStream in = s.in();
                while (in.read(buf) >= 0) {
                    // drain
                }
            });
            for (int r = 0; r < rounds; r++) {
                BitswapNode sink = new BitswapNode(hosts, BitswapConfig.defaults());
                sink.connect(a);
                long t0 = System.nanoTime();
                try (NegotiatedStream s = sink.host.newStream(a.host.peerId(), "/bench/1")) {
                    for (int off = 0; off < file.length; off += 1 << 20) {
                        s.out().write(file, off, 1 << 20);
                    }
                    s.out().flush();
                    s.closeWrite();
                    s.in().read();
                }
                report("bare stream", file.length, t0);
                t0 = System.nanoTime();
                try (BitswapSession s = sink.bitswap.client().newSession()) {
                    s.fetchAll(root, Duration.ofSeconds(30));
                }
                report("bitswap 1 seeder", file.length, t0);
                sink.close();
                BitswapNode two = new BitswapNode(hosts, BitswapConfig.defaults());
                two.connect(a);
                two.connect(b);
                t0 = System.nanoTime();
                try (BitswapSession s = two.bitswap.client().newSession()) {
                    s.fetchAll(root, Duration.ofSeconds(30));
                }
                report("bitswap 2 seeders", file.length, t0);
                System.out.println("  " + two.bitswap.stats().perPeer().values());
                two.close();
            }
            a.close();
            b.close();
        }
    }

    private static void report(String what, long bytes, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-20s %6.0f MB/s (%.2f s)%n", what, bytes / s / 1e6, s);
    }
}
