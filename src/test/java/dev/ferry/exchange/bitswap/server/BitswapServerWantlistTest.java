package dev.ferry.exchange.bitswap.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.bitswap.testing.RecordingSender;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BlockPresence;
import dev.ferry.exchange.bitswap.wire.PresenceType;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link BitswapServer#wantlist}: a peer's wants as long as they are unanswered, and no longer. */
class BitswapServerWantlistTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final RecordingSender sender = new RecordingSender(Set.of());
    private final BitswapServer server = new BitswapServer(store, sender, ServerConfig.defaults(), RequestGate.ALLOW_ALL);
    private final PeerId peer = Identity.generate(RANDOM).peerId();

    @AfterEach
    void close() {
        server.close();
    }

    private static Block block(String text) {
        return Block.raw(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownPeerWantsNothing() {
        assertThat(server.wantlist(peer)).isEmpty();
    }

    @Test
    void aWantBlockForAMissingBlockStaysUntilCancelled() throws Exception {
        Block missing = block("nobody has this yet");
        Block other = block("nor this");
        server.receiveWants(peer, BitswapMessage.ofWants(List.of(WantEntry.wantBlock(missing.cid(), 10, false),
                WantEntry.wantBlock(other.cid(), 5, false))));
        assertThat(sender.quiet(300)).as("nothing to answer yet").isTrue();
        assertThat(server.wantlist(peer)).containsExactlyInAnyOrder(missing.cid(), other.cid());
        assertThat(server.wantlist(Identity.generate(RANDOM).peerId())).isEmpty();

        server.receiveWants(peer, BitswapMessage.ofWants(List.of(WantEntry.cancel(other.cid()))));
        assertThat(server.wantlist(peer)).containsExactly(missing.cid());
    }

    @Test
    void aWantLeavesTheListOnceAnswered() throws Exception {
        Block later = block("arrives later");
        server.receiveWants(peer, BitswapMessage.ofWants(List.of(WantEntry.wantBlock(later.cid(), 1, false))));
        assertThat(sender.quiet(200)).isTrue();
        assertThat(server.wantlist(peer)).containsExactly(later.cid());

        store.put(later);
        server.blockAdded(later.cid());
        RecordingSender.Sent sent = sender.next();
        assertThat(sent.message().blocks()).hasSize(1);
        assertThat(server.wantlist(peer)).isEmpty();
    }

    @Test
    void aWantAnsweredDontHaveIsNotKept() throws Exception {
        Block missing = block("asked with send-dont-have");
        server.receiveWants(peer, BitswapMessage.ofWants(List.of(WantEntry.wantHave(missing.cid(), 1, true))));
        RecordingSender.Sent sent = sender.next();
        assertThat(sent.message().presences()).containsExactly(new BlockPresence(missing.cid(), PresenceType.DONT_HAVE));
        assertThat(server.wantlist(peer)).isEmpty();
    }

    @Test
    void aFullWantlistReplacesAndADisconnectForgets() throws Exception {
        Block first = block("first");
        Block second = block("second");
        server.receiveWants(peer, BitswapMessage.ofWants(List.of(WantEntry.wantBlock(first.cid(), 1, false))));
        server.receiveWants(peer, new BitswapMessage(List.of(WantEntry.wantBlock(second.cid(), 1, false)), true,
                List.of(), List.of(), 0));
        assertThat(sender.quiet(200)).isTrue();
        assertThat(server.wantlist(peer)).containsExactly(second.cid());

        server.peerDisconnected(peer);
        assertThat(server.wantlist(peer)).isEmpty();
    }
}
