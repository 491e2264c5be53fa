package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2025-03-04T05:06:07Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static RpcRequest call(String command, String... args) {
        return RpcRequest.of(command, List.of(args), Map.of("verbose", "true"));
    }

    @Test
    void runningCallsAreActiveAndFinishedOnesKeepTheirTimesForAMinute() {
        HandClock clock = new HandClock();
        RequestLog log = new RequestLog(clock);
        long a = log.start(call("cat", "Qm1"));
        long b = log.start(call("add", "x"));
        clock.now = clock.now.plusSeconds(2);
        log.finish(a);

        List<RequestLog.Entry> r = log.report();
        assertThat(r).extracting(RequestLog.Entry::id).containsExactly(a, b);
        assertThat(r.get(0).active()).isFalse();
        assertThat(r.get(0).command()).isEqualTo("cat");
        assertThat(r.get(0).args()).containsExactly("Qm1");
        assertThat(r.get(0).options()).containsEntry("verbose", "true");
        assertThat(Duration.between(r.get(0).start(), r.get(0).end().orElseThrow())).isEqualTo(Duration.ofSeconds(2));
        assertThat(r.get(1).active()).isTrue();
        assertThat(r.get(1).end()).isEmpty();

        clock.now = clock.now.plus(RequestLog.DEFAULT_KEEP).plusSeconds(1);
        // the finished call has aged out; the running one stays however old it is
        assertThat(log.report()).extracting(RequestLog.Entry::id).containsExactly(b);
    }

    @Test
    void secretsThatConfigShowMasksAreNotLogged() {
        RequestLog log = new RequestLog(new HandClock());
        log.start(call("pin/remote/service/add", "pinata", "https://api.example/psa", "s3cr3t"));
        log.start(call("config", "Pinning.RemoteServices.pinata.API.Key", "s3cr3t"));
        log.start(call("config", "API.Authorizations.ci.AuthSecret", "bearer:s3cr3t"));
        log.start(call("config", "Addresses.API", "/ip4/127.0.0.1/tcp/5001"));
        log.start(call("config", "Pinning.RemoteServices.pinata.API.Key")); // a read: nothing to hide
        assertThat(log.report()).extracting(RequestLog.Entry::args).containsExactly(
                List.of("pinata", "https://api.example/psa", RequestLog.REDACTED),
                List.of("Pinning.RemoteServices.pinata.API.Key", RequestLog.REDACTED),
                List.of("API.Authorizations.ci.AuthSecret", RequestLog.REDACTED),
                List.of("Addresses.API", "/ip4/127.0.0.1/tcp/5001"),
                List.of("Pinning.RemoteServices.pinata.API.Key"));
        assertThat(log.report().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void setTimeAndClearDecideWhatFinishedCallsRemain() {
        HandClock clock = new HandClock();
        RequestLog log = new RequestLog(clock);
        log.setKeep(Duration.ofHours(1));
        log.finish(log.start(call("id", "")));
        clock.now = clock.now.plusSeconds(600);
        assertThat(log.report()).hasSize(1);
        log.setKeep(Duration.ofMinutes(5));
        assertThat(log.report()).isEmpty();

        log.finish(log.start(call("id", "")));
        long running = log.start(call("cat", "Qm"));
        log.clearInactive();
        assertThat(log.report()).extracting(RequestLog.Entry::id).containsExactly(running);
        assertThatThrownBy(() -> log.setKeep(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryIsBoundedWhateverTheCallers() {
        RequestLog log = new RequestLog(new HandClock());
        for (int i = 0; i < RequestLog.MAX_FINISHED + 50; i++) {
            log.finish(log.start(call("id", Integer.toString(i))));
        }
        List<RequestLog.Entry> r = log.report();
        assertThat(r).hasSize(RequestLog.MAX_FINISHED);
        // the oldest went first
        assertThat(r.getFirst().args()).containsExactly("50");

        log.clearInactive();
        for (int i = 0; i < RequestLog.MAX_ACTIVE; i++) {
            assertThat(log.start(call("cat", "x"))).isNotEqualTo(RequestLog.UNLISTED);
        }
        assertThat(log.start(call("cat", "one too many"))).isEqualTo(RequestLog.UNLISTED);
        log.finish(RequestLog.UNLISTED);
        assertThat(log.report()).hasSize(RequestLog.MAX_ACTIVE);
    }
}
