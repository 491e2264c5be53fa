package dev.ferry.exchange.bitswap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.exchange.bitswap.client.BitswapSession;
import dev.ferry.exchange.bitswap.client.ClientStats;
import dev.ferry.exchange.bitswap.server.BitswapServer;
import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.TestHosts;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Over loopback: a fetch moves the fetcher's want counters (a want-have to every partner, want-blocks to the holder),
 * and what the partners' servers count as received adds up to what the fetcher counts as sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WantCountersTest {
    private final TestHosts hosts = new TestHosts();
    private BitswapNode seeder;
    private BitswapNode bystander;
    private BitswapNode fetcher;

    @AfterEach
    void tearDown() {
        for (BitswapNode n : new BitswapNode[] {fetcher, bystander, seeder}) {
            if (n != null) {
                n.close();
            }
        }
        hosts.close();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10); // polling with a deadline: the counters have no event to wait on
        }
    }

    @Test
    void aFetchCountsWantsSentAndTheirReceivers() throws Exception {
        seeder = new BitswapNode(hosts, BitswapConfig.defaults());
        bystander = new BitswapNode(hosts, BitswapConfig.defaults());
        fetcher = new BitswapNode(hosts, BitswapConfig.defaults());
        byte[] file = new byte[1 << 20];
        new Random(7).nextBytes(file);
        Cid root = seeder.add(file, ImportOptions.kuboDefaults().withCidVersion(1)); // 4 raw leaves and a root
        fetcher.connect(seeder);
        fetcher.connect(bystander);
        await(() -> fetcher.bitswap.client().partners().size() == 2, "both are partners");
        ClientStats before = fetcher.bitswap.client().stats();
        assertThat(before.wantsSent()).isZero();

        long fetched;
        try (BitswapSession s = fetcher.bitswap.client().newSession()) {
            fetched = s.fetchAll(root, Duration.ofSeconds(20));
        }
        long blocks = fetched;
        assertThat(blocks).isEqualTo(5);
        assertThat(fetcher.sha256Of(root)).isEqualTo(BitswapNode.sha256(file));

        // a want's cancels leave from the thread that delivered its block, just after the reader got it
        await(() -> fetcher.bitswap.client().stats().cancelsSent() >= blocks, "the bystander's wants were cancelled");
        ClientStats st = fetcher.bitswap.client().stats();
        assertThat(st.wantHavesSent()).isGreaterThanOrEqualTo(blocks); // the bystander was asked for each block
        assertThat(st.wantBlocksSent()).isGreaterThanOrEqualTo(blocks);
        assertThat(st.cancelsSent()).isGreaterThanOrEqualTo(blocks); // the bystander's wants were cancelled
        assertThat(st.wantMessagesSent()).isPositive();
        assertThat(st.wantsSent()).isEqualTo(st.wantHavesSent() + st.wantBlocksSent());

        // every entry sent arrives at one of the two servers (messages are not lost on a live connection)
        List<BitswapServer> servers = List.of(seeder.bitswap.server(), bystander.bitswap.server());
        await(() -> servers.stream().mapToLong(BitswapServer::cancelsReceived).sum() == st.cancelsSent()
                && servers.stream().mapToLong(BitswapServer::wantHavesReceived).sum() == st.wantHavesSent()
                && servers.stream().mapToLong(BitswapServer::wantBlocksReceived).sum() == st.wantBlocksSent()
                && servers.stream().mapToLong(BitswapServer::wantMessagesReceived).sum() == st.wantMessagesSent(),
                "the servers received what the client sent");
        assertThat(bystander.bitswap.server().wantHavesReceived()).isGreaterThanOrEqualTo(blocks);
        assertThat(bystander.bitswap.server().wantBlocksReceived()).isZero(); // it never said HAVE
        assertThat(fetcher.bitswap.server().wantHavesReceived()).isZero(); // nobody asked the fetcher
    }
}
