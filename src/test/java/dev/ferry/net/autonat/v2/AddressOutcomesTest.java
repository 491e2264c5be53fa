package dev.ferry.net.autonat.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.Reachability;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-address rule: a lead of two decides, three settles, a stray result is outvoted, old results go. */
class AddressOutcomesTest {
    final Multiaddr addr = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001");
    long now = 1_000;

    AddressOutcomes with(boolean... results) {
        AddressOutcomes o = new AddressOutcomes(addr);
        for (boolean r : results) {
            o.add(r, now, Instant.EPOCH);
        }
        return o;
    }

    @Test
    void aLeadOfTwoDecidesAndThreeSettles() {
        assertThat(with().reachability(now)).isEqualTo(Reachability.UNKNOWN);
        assertThat(with().wantsProbe(now)).isTrue();
        assertThat(with(true).reachability(now)).isEqualTo(Reachability.UNKNOWN);
        assertThat(with(true, true).reachability(now)).isEqualTo(Reachability.PUBLIC);
        assertThat(with(true, true).wantsProbe(now)).isTrue();
        assertThat(with(true, true, true).wantsProbe(now)).isFalse();
        assertThat(with(false, false).reachability(now)).isEqualTo(Reachability.PRIVATE);
        assertThat(with(true, false).reachability(now)).isEqualTo(Reachability.UNKNOWN);
        AddressVerdict v = with(true, false, false, false).verdict(now);
        assertThat(v.reachability()).isEqualTo(Reachability.PRIVATE);
        assertThat(v.successes()).isEqualTo(1);
        assertThat(v.failures()).isEqualTo(3);
        assertThat(v.confidence()).isEqualTo(2);
    }

    @Test
    void onlyTheLastFiveCountAndADisagreeingLastResultAsksForMore() {
        AddressOutcomes o = with(false, false, false, false, false, true, true, true, true);
        assertThat(o.verdict(now).successes()).isEqualTo(4); // the window holds false, true×4
        assertThat(o.reachability(now)).isEqualTo(Reachability.PUBLIC);
        assertThat(o.wantsProbe(now)).isFalse();
        AddressOutcomes p = with(true, true, true, true, false);
        assertThat(p.reachability(now)).isEqualTo(Reachability.PUBLIC); // one failure does not flip it…
        assertThat(p.wantsProbe(now)).isTrue(); // …but it is checked again
    }

    @Test
    void resultsOlderThanAnHourGoAndRefusalsPauseTheAddress() {
        AddressOutcomes o = with(true, true, true);
        long later = now + Duration.ofMinutes(61).toNanos();
        assertThat(o.reachability(later)).isEqualTo(Reachability.UNKNOWN);
        assertThat(o.wantsProbe(later)).isTrue();

        AddressOutcomes r = with();
        for (int i = 0; i < AddressOutcomes.MAX_REFUSALS; i++) {
            r.refused(now);
        }
        assertThat(r.wantsProbe(now + Duration.ofMinutes(9).toNanos())).isFalse();
        assertThat(r.wantsProbe(now + Duration.ofMinutes(11).toNanos())).isTrue();
        assertThat(r.verdict(now).refusals()).isZero(); // the pause is over: counted afresh
    }
}
