package dev.ferry.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.PeerId;
import dev.ferry.pubsub.wire.MessageId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GossipPromisesTest {
    private final Random random = new Random(3);

    @Test
    void aPromiseKeptByAnyoneIsNotBroken() {
        GossipPromises g = new GossipPromises();
        PeerId a = PeerScoreTest.peer();
        PeerId b = PeerScoreTest.peer();
        MessageId id = PeerScoreTest.id(1);
        g.asked(a, List.of(id), 100, random);
        g.asked(b, List.of(id), 100, random);
        g.delivered(id);
        assertThat(g.broken(1000)).isEmpty();
        assertThat(g.size()).isZero();
    }

    @Test
    void unkeptPromisesBreakAtTheirDeadlineOnly() {
        GossipPromises g = new GossipPromises();
        PeerId a = PeerScoreTest.peer();
        for (int i = 0; i < 3; i++) {
            g.asked(a, List.of(PeerScoreTest.id(10 * i), PeerScoreTest.id(10 * i + 1)), 100, random);
        }
        assertThat(g.broken(99)).isEmpty();
        assertThat(g.broken(101)).isEqualTo(Map.of(a, 3)); // one tracked per request
        assertThat(g.broken(200)).isEmpty();
    }

    @Test
    void onePeerCannotMakeUsTrackWithoutBound() {
        GossipPromises g = new GossipPromises();
        PeerId a = PeerScoreTest.peer();
        for (int i = 0; i < GossipPromises.MAX_PER_PEER + 500; i++) {
            g.asked(a, List.of(PeerScoreTest.id(i)), 100, random);
        }
        assertThat(g.size()).isEqualTo(GossipPromises.MAX_PER_PEER);
        List<MessageId> none = new ArrayList<>();
        g.asked(PeerScoreTest.peer(), none, 100, random);
        assertThat(g.broken(101).get(a)).isEqualTo(GossipPromises.MAX_PER_PEER);
        assertThat(g.size()).isZero();
    }
}
