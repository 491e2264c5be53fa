package dev.ferry.routing.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SuccessorModelProperties {

    /** However many distinct CIDs and clients pass, the model holds no more than its limits. */
    @Property(tries = 30)
    void memoryStaysBoundedUnderAFloodOfDistinctCids(@ForAll @IntRange(min = 1, max = 64) int maxCids,
            @ForAll @IntRange(min = 1, max = 4) int maxSuccessors, @ForAll @IntRange(min = 1, max = 8) int maxClients,
            @ForAll @Size(min = 1, max = 600) List<@IntRange(min = 0, max = 20) Integer> clientOfEach,
            @ForAll long seed) {
        ManualClock clock = new ManualClock();
        SuccessorModel m = new SuccessorModel(SuccessorModelConfig.defaults().withThresholds(1, 0.01)
                .withLimits(maxCids, maxSuccessors, maxClients), clock);
        int i = 0;
        for (int client : clientOfEach) {
            Cid cid = SuccessorModelTest.cid(seed + "/" + i++);
            m.observe("client " + client, cid);
            clock.advance(Duration.ofMillis(100));
            assertThat(m.size()).isLessThanOrEqualTo(maxCids);
            assertThat(m.clients()).isLessThanOrEqualTo(maxClients);
        }
        for (LearnedEntry e : m.export()) {
            assertThat(e.successors()).hasSizeLessThanOrEqualTo(maxSuccessors);
            assertThat(m.predict(e.cid())).hasSizeLessThanOrEqualTo(m.config().maxPredictions());
        }
    }

    /** Successors of one busy CID never exceed the cap, whatever follows it. */
    @Property(tries = 30)
    void successorsPerCidStayCapped(@ForAll @IntRange(min = 1, max = 6) int maxSuccessors,
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 50) Integer> next) {
        ManualClock clock = new ManualClock();
        SuccessorModel m = new SuccessorModel(SuccessorModelConfig.defaults().withLimits(1000, maxSuccessors, 4),
                clock);
        Cid hub = SuccessorModelTest.cid("hub");
        for (int n : next) {
            m.observe("x", hub);
            clock.advance(Duration.ofSeconds(1));
            m.observe("x", SuccessorModelTest.cid("next " + n));
            clock.advance(Duration.ofMinutes(1));
        }
        LearnedEntry e = m.export().stream().filter(x -> x.cid().equals(hub)).findFirst().orElseThrow();
        assertThat(e.successors()).hasSizeLessThanOrEqualTo(maxSuccessors);
    }
}
