package dev.ferry.net.autonat;

import static dev.ferry.net.autonat.Reachability.PRIVATE;
import static dev.ferry.net.autonat.Reachability.PUBLIC;
import static dev.ferry.net.autonat.Reachability.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** go-libp2p's rules for folding answers into a verdict, on a client that never probes. */
class ReachabilityRulesTest {
    final Host host = new Host(Identity.generate(new SecureRandom()), HostConfig.defaults());
    final AutonatClient client = AutonatClient.create(host, AutonatConfig.defaults());
    final List<Reachability> changes = new ArrayList<>();

    {
        client.onReachabilityChanged(changes::add);
    }

    @AfterEach
    void close() {
        host.close();
    }

    void answers(Reachability... observations) {
        for (Reachability r : observations) {
            client.record(r, null);
        }
    }

    @Test
    void oneSuccessMakesItPublicAndAgreementBuildsConfidenceUpToThree() {
        answers(PUBLIC);
        assertThat(client.status().reachability()).isEqualTo(PUBLIC);
        assertThat(client.status().confidence()).isZero();
        answers(PUBLIC, PUBLIC, PUBLIC, PUBLIC);
        assertThat(client.status().confidence()).isEqualTo(AutonatClient.MAX_CONFIDENCE);
        assertThat(changes).containsExactly(PUBLIC);
    }

    @Test
    void failuresWearConfidenceDownBeforeFlippingToPrivate() {
        answers(PUBLIC, PUBLIC, PUBLIC); // confidence 2
        answers(PRIVATE, PRIVATE);
        assertThat(client.status().reachability()).isEqualTo(PUBLIC);
        assertThat(client.status().confidence()).isZero();
        answers(PRIVATE);
        assertThat(client.status().reachability()).isEqualTo(PRIVATE);
        answers(PUBLIC); // a success flips back at once
        assertThat(client.status().reachability()).isEqualTo(PUBLIC);
        assertThat(changes).containsExactly(PUBLIC, PRIVATE, PUBLIC);
    }

    @Test
    void unknownAnswersFallBackToUnknownOnlyAtZeroConfidence() {
        answers(PRIVATE, PRIVATE); // private with confidence 1
        answers(UNKNOWN);
        assertThat(client.status().reachability()).isEqualTo(PRIVATE);
        answers(UNKNOWN);
        assertThat(client.status().reachability()).isEqualTo(UNKNOWN);
        assertThat(changes).containsExactly(PRIVATE, UNKNOWN);
    }
}
