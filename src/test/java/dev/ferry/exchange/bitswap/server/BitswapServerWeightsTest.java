package dev.ferry.exchange.bitswap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.testing.RecordingSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Weighted turns: with one worker and one block per batch, the order of answers is the schedule itself. */
class BitswapServerWeightsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BLOCK = 1024;
    /** One worker, one block per answer: every answer is one batch. */
    private static final ServerConfig ONE_BLOCK_BATCHES = new ServerConfig(1, 1024, BLOCK, 1024, 4);

    private final MemoryBlockstore store = new MemoryBlockstore();
    private final RecordingSender sender = new RecordingSender(Set.of());
    private final CountDownLatch allQueued = new CountDownLatch(1);
    private BitswapServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private static PeerId peer() {
        return Identity.generate(RANDOM).peerId();
    }

    private List<Block> blocks(int n, long seed) {
        Random r = new Random(seed);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] d = new byte[BLOCK];
            r.nextBytes(d);
            Block b = Block.raw(d);
            store.put(b);
            out.add(b);
        }
        return out;
    }

    private static BitswapMessage wantBlocks(List<Block> blocks) {
        List<WantEntry> e = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            e.add(WantEntry.wantBlock(blocks.get(i).cid(), 1000 - i, true));
        }
        return BitswapMessage.ofWants(e);
    }

    /** The first gate call holds the only worker until every peer has queued its wants. */
    private RequestGate heldUntilAllQueued() {
        return (p, c) -> {
            try {
                allQueued.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        };
    }

    @Test
    void aPeerOfWeightTwoGetsTwiceTheBlocksAndANormalPeerIsStillServed() throws Exception {
        PeerId heavy = peer();
        PeerId light = peer();
        PeerId normal = peer();
        server = new BitswapServer(store, sender, ONE_BLOCK_BATCHES, heldUntilAllQueued(),
                p -> p.equals(heavy) ? 2 : 1);
        List<Block> greedyBlocks = blocks(60, 1);
        List<Block> normalBlocks = blocks(1, 2);
        server.receiveWants(heavy, wantBlocks(greedyBlocks));
        server.receiveWants(light, wantBlocks(greedyBlocks));
        server.receiveWants(normal, wantBlocks(normalBlocks));
        allQueued.countDown();

        Map<PeerId, Integer> served = new HashMap<>();
        int normalAt = -1;
        int answers = 0;
        // both greedy peers are backlogged until the heavy one has all its 60 blocks
        while (served.getOrDefault(heavy, 0) < 60) {
            RecordingSender.Sent s = sender.next();
            answers++;
            assertThat(s.message().blocks()).hasSize(1);
            served.merge(s.peer(), 1, Integer::sum);
            if (s.peer().equals(normal)) {
                normalAt = answers;
            }
        }
        // the normal peer is answered in the first round: after at most two batches of heavy and one of light
        assertThat(normalAt).isBetween(1, 4);
        assertThat(served.get(light)).isBetween(29, 31);
        // the heavy peer done, the light one gets the rest of its wants
        for (int i = served.get(light); i < 60; i++) {
            assertThat(sender.next().peer()).isEqualTo(light);
        }
        assertThat(sender.quiet(200)).isTrue();
        assertThat(server.ledger(light).orElseThrow().blocksSent()).isEqualTo(60);
        assertThat(server.ledger(heavy).orElseThrow().blocksSent()).isEqualTo(60);
    }

    @Test
    void weightsAreClampedToOneToFourAndAFailingWeightCountsAsOne() throws Exception {
        PeerId big = peer();
        PeerId failing = peer();
        PeerId zero = peer();
        PeerWeights weights = p -> {
            if (p.equals(big)) {
                return 100;
            }
            if (p.equals(failing)) {
                throw new IllegalStateException("no weight today");
            }
            return 0;
        };
        server = new BitswapServer(store, sender, ONE_BLOCK_BATCHES, heldUntilAllQueued(), weights);
        List<Block> wanted = blocks(60, 3);
        server.receiveWants(big, wantBlocks(wanted));
        server.receiveWants(failing, wantBlocks(wanted));
        server.receiveWants(zero, wantBlocks(wanted));
        allQueued.countDown();

        Map<PeerId, Integer> served = new HashMap<>();
        List<PeerId> order = new ArrayList<>();
        while (served.getOrDefault(big, 0) < 40) {
            RecordingSender.Sent s = sender.next();
            order.add(s.peer());
            served.merge(s.peer(), 1, Integer::sum);
        }
        // four batches for the peer of weight 100, one each for the others, round after round
        assertThat(served.get(failing)).isBetween(9, 11);
        assertThat(served.get(zero)).isBetween(9, 11);
        int run = 0;
        for (PeerId p : order) {
            run = p.equals(big) ? run + 1 : 0;
            assertThat(run).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void aPeerThatRunsOutOfWorkInMidTurnQueuesAtTheBackWhenItWantsMore() throws Exception {
        PeerId heavy = peer();
        PeerId first = peer();
        PeerId second = peer();
        List<Block> firstBlocks = blocks(10, 4);
        List<Block> secondBlocks = blocks(10, 5);
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RequestGate held = heldUntilAllQueued();
        // the worker stops on first's second block, so that heavy's new wants come while second waits in the queue
        RequestGate gate = (p, c) -> {
            if (c.equals(firstBlocks.get(1).cid())) {
                paused.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return held.allow(p, c);
        };
        server = new BitswapServer(store, sender, ONE_BLOCK_BATCHES, gate, p -> p.equals(heavy) ? 4 : 1);
        server.receiveWants(heavy, wantBlocks(blocks(1, 6)));
        server.receiveWants(first, wantBlocks(firstBlocks));
        server.receiveWants(second, wantBlocks(secondBlocks));
        allQueued.countDown();
        paused.await();
        // heavy's one block ended its turn early; its new wants do not resume that turn ahead of second
        server.receiveWants(heavy, wantBlocks(blocks(3, 7)));
        resume.countDown();
        List<PeerId> order = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            order.add(sender.next().peer());
        }
        assertThat(order).containsExactly(heavy, first, second, first, second, heavy, heavy, heavy, first);
    }
}
