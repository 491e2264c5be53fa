package dev.ferry.exchange.bitswap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.testing.RecordingSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.bitswap.wire.WantType;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's scheduling against a recording network and a fake clock. */
class BitswapClientTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final RecordingSender sender = new RecordingSender(Set.of());
    private final AtomicLong clock = new AtomicLong();
    // a tick far in the future: the test calls tick() itself
    private final BitswapClient client = new BitswapClient(store, sender, b -> List.of(),
            new ClientConfig(4, 64, Duration.ofSeconds(5), 2, 1000, 1e6, Duration.ofHours(1)), clock::get);
    private final PeerId a = Identity.generate(RANDOM).peerId();
    private final PeerId b = Identity.generate(RANDOM).peerId();

    @AfterEach
    void close() {
        client.close();
    }

    private static List<Block> blocks(int n) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] d = new byte[64 * 1024];
            new java.util.Random(i).nextBytes(d);
            out.add(Block.raw(d));
        }
        return out;
    }

    private Map<PeerId, List<WantEntry>> drainAll() throws InterruptedException {
        Map<PeerId, List<WantEntry>> m = new HashMap<>();
        RecordingSender.Sent s;
        while ((s = sender.poll(150)) != null) {
            m.computeIfAbsent(s.peer(), k -> new ArrayList<>()).addAll(s.message().wants());
        }
        return m;
    }

    private static List<Cid> of(List<WantEntry> entries, WantType type, boolean cancel) {
        return entries.stream().filter(e -> e.cancel() == cancel && (cancel || e.type() == type))
                .map(WantEntry::cid).toList();
    }

    @Test
    void pipelinesABoundedNumberPerPeerAndMovesWorkToTheFasterPeer() throws Exception {
        client.peerConnected(a);
        client.peerConnected(b);
        List<Block> bs = blocks(20);
        List<Want> wants = new ArrayList<>();
        for (Block x : bs) {
            wants.add(client.want(x.cid(), null));
        }
        Map<PeerId, List<WantEntry>> sent = drainAll();
        // announced to both with want-have; nobody is a candidate yet, so no want-block
        assertThat(of(sent.get(a), WantType.HAVE, false)).hasSize(20);
        assertThat(of(sent.get(b), WantType.HAVE, false)).hasSize(20);
        assertThat(of(sent.get(a), WantType.BLOCK, false)).isEmpty();

        List<BlockPresence> haves = bs.stream().map(x -> new BlockPresence(x.cid(), PresenceType.HAVE)).toList();
        client.receive(a, BitswapMessage.ofBlocks(List.of(), haves));
        client.receive(b, BitswapMessage.ofBlocks(List.of(), haves));
        sent = drainAll();
        List<Cid> toA = of(sent.get(a), WantType.BLOCK, false);
        List<Cid> toB = of(sent.get(b), WantType.BLOCK, false);
        assertThat(toA).hasSize(4); // the pipeline depth
        assertThat(toB).hasSize(4);
        assertThat(client.stats().peers().get(a).inFlight()).isEqualTo(4);

        // a delivers its four quickly, b nothing: a gets the next ones, b stays at its cap
        clock.addAndGet(1_000_000);
        List<Payload> fromA = new ArrayList<>();
        for (Block x : bs) {
            if (toA.contains(x.cid())) {
                fromA.add(Payload.of(x.cid(), x.data()));
            }
        }
        client.receive(a, BitswapMessage.ofBlocks(fromA, List.of()));
        for (Want w : wants) {
            if (toA.contains(w.cid)) {
                assertThat(w.result.getNow(null)).isNotNull();
                assertThat(store.has(w.cid)).isTrue();
            }
        }
        sent = drainAll();
        assertThat(of(sent.get(a), WantType.BLOCK, false)).hasSize(4);
        assertThat(of(sent.get(b), WantType.BLOCK, true)).hasSize(4); // cancels for what a delivered
        assertThat(sent.get(b).stream().filter(e -> !e.cancel() && e.type() == WantType.BLOCK)).isEmpty();

        // b's want-blocks time out: cancelled there and handed to a as room frees up
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        client.tick();
        sent = drainAll();
        assertThat(of(sent.get(b), WantType.BLOCK, true)).containsExactlyInAnyOrderElementsOf(toB);
        // b still gets other wants it said HAVE for, never the ones it let time out
        assertThat(of(sent.get(b), WantType.BLOCK, false)).doesNotContainAnyElementsOf(toB);
        assertThat(client.stats().peers().get(b).speed()).isLessThan(client.stats().peers().get(a).speed());

        for (Want w : wants) {
            client.release(w);
        }
        assertThat(client.stats().wantlist()).isEmpty();
    }

    @Test
    void dontHaveSendsTheWantElsewhereAndUnaskedBlocksCountAgainstTheSender() throws Exception {
        client.peerConnected(a);
        client.peerConnected(b);
        Block x = blocks(1).getFirst();
        Want w = client.want(x.cid(), null);
        drainAll();
        client.receive(a, BitswapMessage.ofBlocks(List.of(), List.of(new BlockPresence(x.cid(), PresenceType.HAVE))));
        assertThat(of(drainAll().get(a), WantType.BLOCK, false)).containsExactly(x.cid());
        client.receive(a, BitswapMessage.ofBlocks(List.of(),
                List.of(new BlockPresence(x.cid(), PresenceType.DONT_HAVE))));
        client.receive(b, BitswapMessage.ofBlocks(List.of(), List.of(new BlockPresence(x.cid(), PresenceType.HAVE))));
        assertThat(of(drainAll().get(b), WantType.BLOCK, false)).containsExactly(x.cid());

        // b sends a block nobody wants, twice: the threshold (2) drops and bans it
        Block junk = Block.raw("junk".getBytes());
        client.receive(b, BitswapMessage.ofBlocks(List.of(Payload.of(junk.cid(), junk.data())), List.of()));
        assertThat(client.stats().peers().get(b).bad()).isEqualTo(1);
        assertThat(store.has(junk.cid())).isFalse();
        // a corrupt copy of the wanted block: rebuilt CID differs, so it is unasked too
        byte[] corrupt = x.data().clone();
        corrupt[0] ^= 1;
        client.receive(b, BitswapMessage.ofBlocks(List.of(Payload.of(x.cid(), corrupt)), List.of()));
        assertThat(client.stats().banned()).contains(b);
        assertThat(client.partners()).containsExactly(a);
        assertThat(w.result.isDone()).isFalse();
        assertThat(store.has(x.cid())).isFalse();

        // twin: the real block from a completes it
        client.receive(a, BitswapMessage.ofBlocks(List.of(Payload.of(x.cid(), x.data())), List.of()));
        assertThat(w.result.getNow(null)).isEqualTo(x);
        // and a second copy is a duplicate, not a bad block
        client.receive(a, BitswapMessage.ofBlocks(List.of(Payload.of(x.cid(), x.data())), List.of()));
        assertThat(client.stats().dupBlocksReceived()).isEqualTo(1);
        assertThat(client.stats().peers().get(a).bad()).isZero();
        client.release(w);
    }
    @Test
    void aMessageOfManyBlocksIsVerifiedInPartsAndEachBlockJudgedAlone() throws Exception {
        // 3 MiB in one message: split over several threads; a high threshold keeps the sender a partner
        BitswapClient c = new BitswapClient(store, sender, x -> List.of(),
                new ClientConfig(64, 64, Duration.ofSeconds(5), 100, 1000, 1e6, Duration.ofHours(1)), clock::get);
        try {
            c.peerConnected(a);
            List<Block> wanted = blocks(48);
            List<Want> ws = new ArrayList<>();
            for (Block x : wanted) {
                ws.add(c.want(x.cid(), null));
            }
            drainAll();
            byte[] corrupt = wanted.get(7).data().clone();
            corrupt[100] ^= 1;
            Block unasked = Block.raw(new byte[] {9, 9, 9});
            List<Payload> payloads = new ArrayList<>();
            for (int i = 0; i < wanted.size(); i++) {
                Block x = wanted.get(i);
                // block 7 arrives corrupt (claiming its CID), block 8 with a prefix whose hash cannot be rebuilt
                if (i == 7) {
                    payloads.add(Payload.of(x.cid(), corrupt));
                } else if (i == 8) {
                    payloads.add(new Payload(new CidPrefix(1, 0x55, 0x13, 64), x.data()));
                } else {
                    payloads.add(Payload.of(x.cid(), x.data()));
                }
                if (i == 20) {
                    payloads.add(Payload.of(unasked.cid(), unasked.data()));
                }
            }
            c.receive(a, BitswapMessage.ofBlocks(payloads, List.of()));

            for (int i = 0; i < wanted.size(); i++) {
                boolean good = i != 7 && i != 8;
                assertThat(ws.get(i).result.getNow(null)).as("want %d", i).isEqualTo(good ? wanted.get(i) : null);
                assertThat(store.has(wanted.get(i).cid())).as("stored %d", i).isEqualTo(good);
            }
            assertThat(store.has(unasked.cid())).isFalse();
            assertThat(store.has(Block.raw(corrupt).cid())).isFalse();
            assertThat(c.stats().peers().get(a).bad()).isEqualTo(3);
            assertThat(c.stats().blocksReceived()).isEqualTo(46);
            // the two not delivered stay wanted
            assertThat(c.stats().wantlist()).containsExactlyInAnyOrder(wanted.get(7).cid(), wanted.get(8).cid());
            ws.forEach(c::release);
        } finally {
            c.close();
        }
    }
}
