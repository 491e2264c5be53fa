package dev.ferry.exchange.bitswap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.testing.RecordingSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.store.Block;
import dev.ferry.store.ForwardingBlockstore;
import dev.ferry.store.MemoryBlockstore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Blocks a fetch receives are stored as received (see Blockstore#putReceived), never as local imports. */
class BitswapClientReceivedBlocksTest {
    @Test
    void receivedBlocksAreStoredThroughPutReceived() throws Exception {
        List<Block> imported = new CopyOnWriteArrayList<>();
        List<Block> received = new CopyOnWriteArrayList<>();
        ForwardingBlockstore store = new ForwardingBlockstore(new MemoryBlockstore()) {
            @Override
            public void put(Block block) {
                imported.add(block);
                super.put(block);
            }

            @Override
            public void putReceived(Block block) {
                received.add(block);
                super.putReceived(block);
            }
        };
        AtomicLong clock = new AtomicLong();
        PeerId peer = Identity.generate(new SecureRandom()).peerId();
        try (BitswapClient client = new BitswapClient(store, new RecordingSender(Set.of()), b -> List.of(),
                new ClientConfig(4, 64, Duration.ofSeconds(5), 2, 1000, 1e6, Duration.ofHours(1)), clock::get)) {
            client.peerConnected(peer);
            byte[] data = new byte[4096];
            new java.util.Random(3).nextBytes(data);
            Block block = Block.raw(data);
            Want want = client.want(block.cid(), null);
            client.receive(peer, BitswapMessage.ofBlocks(List.of(),
                    List.of(new BlockPresence(block.cid(), PresenceType.HAVE))));
            client.receive(peer, BitswapMessage.ofBlocks(List.of(Payload.of(block.cid(), block.data())), List.of()));
            assertThat(want.result.get(5, TimeUnit.SECONDS)).isEqualTo(block);
            assertThat(received).containsExactly(block);
            assertThat(imported).isEmpty();
        }
    }
}
