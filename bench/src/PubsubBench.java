import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.pubsub.Pubsub;
import dev.ferry.pubsub.PubsubConfig;
import dev.ferry.pubsub.Subscription;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/pubsub's ferry side: two gossipsub nodes in this process on 127.0.0.1, the second subscribed; the first
 * publishes COUNT messages of SIZE bytes in windows of WINDOW (the next window once the subscriber has the last one:
 * a publisher that outruns a peer's queue loses messages by design), then LATENCY single messages one at a time.
 * Prints "name value" lines: msgs_per_s, mb_per_s, p50_us, p99_us.
 */
public final class PubsubBench {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int window = Integer.parseInt(args[2]);
        int latencyRounds = Integer.parseInt(args[3]);
        SecureRandom random = new SecureRandom();
        Multiaddr loopback = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
        try (Host a = new Host(Identity.generate(random), HostConfig.defaults());
                Host b = new Host(Identity.generate(random), HostConfig.defaults())) {
            IdentifyService.install(a);
            IdentifyService.install(b);
            a.start(List.of(loopback));
            b.start(List.of(loopback));
            Pubsub pa = Pubsub.start(a, a.identity(), PubsubConfig.defaults());
            Pubsub pb = Pubsub.start(b, b.identity(), PubsubConfig.defaults().withSubscriptionQueue(window * 2));
            Subscription sub = pb.subscribe("bench");
            pa.subscribe("bench-out"); // a has a mesh of its own elsewhere; it publishes to b's topic by flood publishing
            a.connect(b.listenAddresses().getFirst().encapsulate("/p2p/" + b.peerId()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!pa.peers("bench").contains(b.peerId())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the subscription never arrived");
                }
                Thread.sleep(10);
            }
            AtomicLong got = new AtomicLong();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    while (!sub.isClosed()) {
                        if (sub.next(Duration.ofMillis(200)).isPresent()) {
                            synchronized (got) {
                                got.incrementAndGet();
                                got.notifyAll();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
            byte[] data = new byte[size];
            random.nextBytes(data);
            run(pa, data, Math.min(count, 2000), window, got); // warm-up
            long t0 = System.nanoTime();
            run(pa, data, count, window, got);
            double secs = (System.nanoTime() - t0) / 1e9;
            long[] lat = new long[latencyRounds];
            for (int i = 0; i < latencyRounds; i++) {
                long s = System.nanoTime();
                run(pa, data, 1, 1, got);
                lat[i] = (System.nanoTime() - s) / 1000;
            }
            Arrays.sort(lat);
            System.out.println("msgs_per_s " + String.format("%.0f", count / secs));
            System.out.println("mb_per_s " + String.format("%.1f", (double) count * size / secs / 1e6));
            System.out.println("p50_us " + lat[lat.length / 2]);
            System.out.println("p99_us " + lat[Math.min(lat.length - 1, lat.length * 99 / 100)]);
            System.out.println("dropped " + sub.dropped() + " " + pa.stats().dropped());
            sub.close();
            reader.interrupt();
            pa.close();
            pb.close();
        }
    }

    /** Publishes {@code n} messages in windows, each waited for at the subscriber. */
    static void run(Pubsub pa, byte[] data, int n, int window, AtomicLong got) throws InterruptedException {
        int sent = 0;
        while (sent < n) {
            long target;
            synchronized (got) {
                target = got.get();
            }
            int w = Math.min(window, n - sent);
            for (int i = 0; i < w; i++) {
                pa.publish("bench", data);
            }
            sent += w;
            target += w;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            synchronized (got) {
                while (got.get() < target) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new IllegalStateException("messages lost: " + got.get() + " of " + target);
                    }
                    got.wait(left);
                }
            }
        }
    }
}
