import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.FetchSession;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * bench/first-byte: the time to first byte of small fetches between two ferry nodes in one JVM (a seeder and a
 * fetcher on 127.0.0.1), with the DHT on (Routing.Type auto) and off (none), over Bitswap and over /ferry/request.
 * One process keeps the machine's drift between processes out of the comparison. Usage: FirstByteBench ROUTING MODE N
 * (ROUTING none|auto, MODE bitswap|ferry, N fetches timed after 100 untimed); prints one line of percentiles.
 */
public final class FirstByteBench {
    static Node start(Path dir, String routing, boolean ferry) throws Exception {
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            c.set("Exchange.UseIndexes", RepoConfig.parseValue(Boolean.toString(ferry), true));
            c.set("Exchange.PinAfterPeerFetch", RepoConfig.parseValue("false", true));
            c.set("Routing.Type", RepoConfig.parseValue(routing, false));
        });
        return Node.start(Repo.open(dir));
    }

    public static void main(String[] args) throws Exception {
        String routing = args[0];
        boolean ferry = args[1].equals("ferry");
        int n = Integer.parseInt(args[2]);
        int untimed = 100;
        Path tmp = Files.createTempDirectory("first-byte");
        try (Node seed = start(tmp.resolve("seeder"), routing, ferry);
                Node fetch = start(tmp.resolve("fetcher"), routing, ferry)) {
            UnixfsImporter imp = new UnixfsImporter(seed.repo().blocks(), ImportOptions.kuboDefaults());
            Random rnd = new Random(1);
            List<Cid> cids = new ArrayList<>();
            for (int i = 0; i < n + untimed; i++) {
                byte[] b = new byte[1024];
                rnd.nextBytes(b);
                cids.add(imp.importStream(new ByteArrayInputStream(b), "s" + i).cid());
            }
            seed.repo().blocks().sync();
            seed.contentChanged();
            fetch.host().connect(Multiaddr.parse(seed.listenAddresses().getFirst() + "/p2p/" + seed.host().peerId()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!fetch.bitswap().client().partners().contains(seed.host().peerId())
                    || ferry && !fetch.capabilities().peerCapabilities(seed.host().peerId())
                            .map(r -> r.mightServe(cids.getFirst())).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the seeder did not become a partner with its index");
                }
                Thread.sleep(10); // polling with a deadline
            }
            Thread.sleep(2000); // identify, DHT table and capabilities settle
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < cids.size(); i++) {
                long t0 = System.nanoTime();
                try (FetchSession s = fetch.fetcher().open(Duration.ofSeconds(30))) {
                    s.get(cids.get(i));
                }
                if (i >= untimed) {
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
            }
            ms.sort(null);
            System.out.printf("%s %s p50 %.2f p90 %.2f p99 %.2f ms (dht peers %d)%n", routing, args[1],
                    ms.get(ms.size() / 2), ms.get(ms.size() * 9 / 10), ms.get((int) Math.ceil(ms.size() * 0.99) - 1),
                    fetch.dht().map(d -> d.table().size()).orElse(0));
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
