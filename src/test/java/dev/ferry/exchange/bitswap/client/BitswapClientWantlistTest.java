package dev.ferry.exchange.bitswap.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.testing.RecordingSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.Payload;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link BitswapClient#wantlist}: open wants in the order they were made, until they arrive or are released. */
class BitswapClientWantlistTest {
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final RecordingSender sender = new RecordingSender(Set.of());
    private final BitswapClient client = new BitswapClient(store, sender, b -> List.of(),
            new ClientConfig(4, 64, Duration.ofSeconds(5), 2, 1000, 1e6, Duration.ofHours(1)), System::nanoTime);
    private final PeerId peer = Identity.generate(new SecureRandom()).peerId();

    @AfterEach
    void close() {
        client.close();
    }

    private static Block block(String text) {
        return Block.raw(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void listsOpenWantsUntilTheyArriveOrAreReleased() throws Exception {
        assertThat(client.wantlist()).isEmpty();
        client.peerConnected(peer);
        Block first = block("first wanted");
        Block second = block("second wanted");
        Want w1 = client.want(first.cid(), null);
        Want w2 = client.want(second.cid(), null);
        assertThat(client.wantlist()).containsExactly(first.cid(), second.cid());
        assertThat(client.stats().wantlist()).isEqualTo(client.wantlist());

        client.receive(peer, BitswapMessage.ofBlocks(List.of(Payload.of(first.cid(), first.data())), List.of()));
        assertThat(w1.result.get(5, TimeUnit.SECONDS).cid()).isEqualTo(first.cid());
        assertThat(client.wantlist()).containsExactly(second.cid());

        client.release(w2);
        assertThat(client.wantlist()).isEmpty();
    }

    @Test
    void aBlockAlreadyStoredIsNeverWanted() {
        Block local = block("already here");
        store.put(local);
        assertThat(client.get(local.cid(), Duration.ofSeconds(1)).cid()).isEqualTo(local.cid());
        assertThat(client.wantlist()).isEmpty();
    }
}
