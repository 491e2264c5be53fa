package dev.ferry.exchange.bitswap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.testing.RecordingSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BitswapServerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final RecordingSender sender = new RecordingSender(Set.of());
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

    private List<Block> blocks(int n, int size, long seed) {
        Random r = new Random(seed);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] d = new byte[size];
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

    @Test
    void twoGreedyPeersDoNotStarveANormalOne() throws Exception {
        CountDownLatch allQueued = new CountDownLatch(1);
        // the first gate call holds the only worker until every peer has queued its wants
        RequestGate gate = (p, c) -> {
            try {
                allQueued.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        };
        server = new BitswapServer(store, sender, ServerConfig.defaults().withWorkers(1).withMaxWantsPerPeer(64),
                gate);
        List<Block> greedyBlocks = blocks(200, 64 * 1024, 1);
        List<Block> normalBlocks = blocks(1, 1024, 2);
        PeerId greedy1 = peer();
        PeerId greedy2 = peer();
        PeerId normal = peer();
        server.receiveWants(greedy1, wantBlocks(greedyBlocks));
        server.receiveWants(greedy2, wantBlocks(greedyBlocks));
        server.receiveWants(normal, wantBlocks(normalBlocks));
        allQueued.countDown();

        List<PeerId> order = new ArrayList<>();
        long normalAt = -1;
        int greedyBlocksSent = 0;
        while (greedyBlocksSent < 128 || normalAt < 0) {
            RecordingSender.Sent s = sender.next();
            order.add(s.peer());
            if (s.peer().equals(normal)) {
                normalAt = order.size();
                assertThat(s.message().blocks()).hasSize(1);
                assertThat(s.message().blocks().getFirst().cid()).isEqualTo(normalBlocks.getFirst().cid());
            } else {
                greedyBlocksSent += s.message().blocks().size();
                // one batch is at most 2 MiB of blocks
                assertThat(s.message().blockBytes()).isLessThanOrEqualTo(2 * 1024 * 1024);
            }
        }
        // round robin: the normal peer's answer comes in the first round, after at most one batch of each greedy peer
        assertThat(normalAt).isLessThanOrEqualTo(3);
        // each greedy peer's flood was capped at 64 wants, the rest dropped and counted
        assertThat(server.ledger(greedy1).orElseThrow().wantsDropped()).isEqualTo(200 - 64);
        assertThat(server.ledger(greedy2).orElseThrow().blocksSent()).isEqualTo(64);
        assertThat(sender.quiet(200)).isTrue();
        // greedy batches alternate
        List<PeerId> greedyOrder = order.stream().filter(p -> !p.equals(normal)).toList();
        for (int i = 1; i < greedyOrder.size(); i++) {
            assertThat(greedyOrder.get(i)).isNotEqualTo(greedyOrder.get(i - 1));
        }
    }

    @Test
    void answersWantHaveAndDontHaveAndHonoursCancel() throws Exception {
        server = new BitswapServer(store, sender, ServerConfig.defaults().withWorkers(1), RequestGate.ALLOW_ALL);
        Block have = blocks(1, 100, 3).getFirst();
        Cid missing = Block.raw(new byte[] {1, 2, 3}).cid();
        PeerId p = peer();
        server.receiveWants(p, BitswapMessage.ofWants(List.of(WantEntry.wantHave(have.cid(), 1, true),
                WantEntry.wantBlock(missing, 1, true))));
        BitswapMessage m = sender.next().message();
        assertThat(m.blocks()).isEmpty();
        assertThat(m.presences()).containsExactlyInAnyOrder(new BlockPresence(have.cid(), PresenceType.HAVE),
                new BlockPresence(missing, PresenceType.DONT_HAVE));
        // want-have without send-dont-have for a missing block: no answer at all
        server.receiveWants(p, BitswapMessage.ofWants(List.of(WantEntry.wantHave(missing, 1, false))));
        assertThat(sender.quiet(200)).isTrue();
    }

    @Test
    void aWantBlockWithoutSendDontHaveWaitsForTheBlockUnlessCancelled() throws Exception {
        server = new BitswapServer(store, sender, ServerConfig.defaults().withWorkers(1), RequestGate.ALLOW_ALL);
        Block later = Block.raw(new byte[] {9, 9, 9});
        Block cancelled = Block.raw(new byte[] {8, 8, 8});
        PeerId p = peer();
        server.receiveWants(p, BitswapMessage.ofWants(List.of(WantEntry.wantBlock(later.cid(), 1, false),
                WantEntry.wantBlock(cancelled.cid(), 1, false))));
        assertThat(sender.quiet(200)).isTrue();
        assertThat(server.ledger(p).orElseThrow().wants()).isEqualTo(2);
        server.receiveWants(p, BitswapMessage.ofWants(List.of(WantEntry.cancel(cancelled.cid()))));
        store.put(cancelled);
        server.blockAdded(cancelled.cid());
        store.put(later);
        server.blockAdded(later.cid());
        BitswapMessage m = sender.next().message();
        assertThat(m.blocks()).hasSize(1);
        assertThat(m.blocks().getFirst().cid()).isEqualTo(later.cid());
        assertThat(sender.quiet(200)).isTrue();
        assertThat(server.ledger(p).orElseThrow().wants()).isZero();
    }

    @Test
    void aDeniedRequestIsAnsweredLikeAMissingBlock() throws Exception {
        Block secret = blocks(1, 10, 4).getFirst();
        PeerId stranger = peer();
        PeerId friend = peer();
        server = new BitswapServer(store, sender, ServerConfig.defaults().withWorkers(1),
                (p, c) -> p.equals(friend));
        server.receiveWants(stranger, BitswapMessage.ofWants(List.of(WantEntry.wantBlock(secret.cid(), 1, true))));
        assertThat(sender.next().message().presences())
                .containsExactly(new BlockPresence(secret.cid(), PresenceType.DONT_HAVE));
        // twin: the allowed peer gets the block
        server.receiveWants(friend, BitswapMessage.ofWants(List.of(WantEntry.wantBlock(secret.cid(), 1, true))));
        assertThat(sender.next().message().blocks()).hasSize(1);
    }
}
