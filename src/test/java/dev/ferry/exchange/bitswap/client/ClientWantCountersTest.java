package dev.ferry.exchange.bitswap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.testing.RecordingSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.bitswap.wire.WantType;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's want counters match, entry for entry, what it handed to the network. */
class ClientWantCountersTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final RecordingSender sender = new RecordingSender(Set.of());
    private final AtomicLong clock = new AtomicLong();
    private final BitswapClient client = new BitswapClient(store, sender, b -> List.of(),
            new ClientConfig(4, 64, Duration.ofSeconds(5), 2, 1000, 1e6, Duration.ofHours(1)), clock::get);
    private final PeerId a = Identity.generate(RANDOM).peerId();
    private final PeerId b = Identity.generate(RANDOM).peerId();
    private final PeerId c = Identity.generate(RANDOM).peerId();
    private long messages;
    private long haves;
    private long blocks;
    private long cancels;

    @AfterEach
    void close() {
        client.close();
    }

    /** Tallies what was recorded so far (sends are synchronous here: the counters move before the recording). */
    private void drain() throws InterruptedException {
        RecordingSender.Sent s;
        while ((s = sender.poll(100)) != null) {
            messages++;
            for (WantEntry e : s.message().wants()) {
                if (e.cancel()) {
                    cancels++;
                } else if (e.type() == WantType.HAVE) {
                    haves++;
                } else {
                    blocks++;
                }
            }
        }
    }

    private void assertCountersMatchRecording() throws InterruptedException {
        drain();
        ClientStats st = client.stats();
        assertThat(st.wantMessagesSent()).isEqualTo(messages);
        assertThat(st.wantHavesSent()).isEqualTo(haves);
        assertThat(st.wantBlocksSent()).isEqualTo(blocks);
        assertThat(st.cancelsSent()).isEqualTo(cancels);
        assertThat(st.wantsSent()).isEqualTo(haves + blocks);
    }

    @Test
    void startsAtZero() {
        ClientStats st = client.stats();
        assertThat(st.wantMessagesSent()).isZero();
        assertThat(st.wantHavesSent()).isZero();
        assertThat(st.wantBlocksSent()).isZero();
        assertThat(st.cancelsSent()).isZero();
    }

    @Test
    void countsEveryWantHaveWantBlockAndCancelSent() throws Exception {
        client.peerConnected(a);
        client.peerConnected(b);
        client.peerConnected(c);
        List<Block> bs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] d = new byte[1024];
            new Random(i).nextBytes(d);
            bs.add(Block.raw(d));
        }
        List<Want> wants = new ArrayList<>();
        for (Block x : bs) {
            wants.add(client.want(x.cid(), null));
        }
        // broadcast: one want-have per block per peer, in one message per peer
        assertCountersMatchRecording();
        assertThat(haves).isEqualTo(9);
        assertThat(blocks).isZero();
        assertThat(messages).isBetween(3L, 9L);

        // a says HAVE: every block goes to a as a want-block
        client.receive(a, BitswapMessage.ofBlocks(List.of(),
                bs.stream().map(x -> new BlockPresence(x.cid(), PresenceType.HAVE)).toList()));
        assertCountersMatchRecording();
        assertThat(blocks).isEqualTo(3);

        // a delivers: b and c get a cancel for each block, a none
        client.receive(a, BitswapMessage.ofBlocks(bs.stream().map(x -> Payload.of(x.cid(), x.data())).toList(),
                List.of()));
        assertCountersMatchRecording();
        assertThat(cancels).isEqualTo(6);
        for (Want w : wants) {
            client.release(w);
        }
        // releasing a delivered want sends nothing more: its peers were told when the block came
        assertCountersMatchRecording();
        assertThat(cancels).isEqualTo(6);
        assertThat(haves).isEqualTo(9);
        assertThat(blocks).isEqualTo(3);
    }
}
