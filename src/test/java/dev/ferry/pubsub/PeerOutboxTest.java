package dev.ferry.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.pubsub.wire.Rpc;
import dev.ferry.pubsub.wire.WireMessage;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerOutboxTest {
    static Rpc rpcOf(int payload) {
        return new Rpc(List.of(), List.of(new WireMessage(null, new byte[payload], null, "t", null, null)),
                Rpc.Control.EMPTY);
    }

    @Test
    void theQueueIsBoundedInRpcsAndInBytes() {
        PeerOutbox.Events none = new PeerOutbox.Events() {
            @Override
            public void opened(dev.ferry.identity.PeerId peer, String protocol) {}

            @Override
            public void gone(dev.ferry.identity.PeerId peer, boolean notPubsub) {}
        };
        var peer = Identity.generate(new SecureRandom()).peerId();
        // not started: nothing drains the queue
        PeerOutbox bytes = new PeerOutbox(null, peer, List.of(), 1000, 3 * PeerOutbox.weight(rpcOf(4096)) + 500,
                () -> Rpc.EMPTY, none);
        int accepted = 0;
        while (bytes.offer(rpcOf(4096))) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(3);
        assertThat(bytes.offer(rpcOf(0))).isTrue(); // small ones still fit under the byte budget

        PeerOutbox count = new PeerOutbox(null, peer, List.of(), 5, Long.MAX_VALUE, () -> Rpc.EMPTY, none);
        accepted = 0;
        while (count.offer(rpcOf(1))) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(5);
        count.close();
        assertThat(count.offer(rpcOf(1))).isFalse();
    }
}
