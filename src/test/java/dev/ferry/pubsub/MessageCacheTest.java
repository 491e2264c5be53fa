package dev.ferry.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pubsub.wire.MessageId;
import dev.ferry.pubsub.wire.WireMessage;
import org.junit.jupiter.api.Test;

class MessageCacheTest {
    static MessageId id(int i) {
        return new MessageId(new byte[] {(byte) i, (byte) (i >> 8)});
    }

    static WireMessage msg(String topic, int size) {
        return new WireMessage(null, new byte[size], null, topic, null, null);
    }

    @Test
    void windowsAgeOutAndGossipCoversTheNewestOnly() {
        MessageCache c = new MessageCache(3, 2, 1 << 20);
        c.put(id(1), msg("a", 10));
        c.shift();
        c.put(id(2), msg("a", 10));
        c.put(id(3), msg("b", 10));
        c.shift();
        c.put(id(4), msg("a", 10));
        assertThat(c.gossipIds("a")).containsExactlyInAnyOrder(id(4), id(2)); // the two newest windows
        assertThat(c.get(id(1))).isNotNull(); // still held for IWANT
        c.shift();
        assertThat(c.get(id(1))).isNull();
        assertThat(c.size()).isEqualTo(3);
    }

    @Test
    void theByteBudgetDropsTheOldestMessagesFirst() {
        int size = 10_000;
        long budget = 5L * (size + MessageCache.OVERHEAD);
        MessageCache c = new MessageCache(5, 3, budget);
        for (int i = 0; i < 3; i++) {
            c.put(id(i), msg("t", size));
        }
        c.shift();
        for (int i = 3; i < 9; i++) {
            c.put(id(i), msg("t", size));
        }
        assertThat(c.bytes()).isLessThanOrEqualTo(budget);
        assertThat(c.size()).isEqualTo(5);
        assertThat(java.util.Arrays.asList(c.get(id(0)), c.get(id(1)), c.get(id(2)), c.get(id(3)))).containsOnlyNulls();
        assertThat(c.get(id(8))).isNotNull();
        assertThat(c.gossipIds("t")).containsExactly(id(4), id(5), id(6), id(7), id(8));
    }
}
