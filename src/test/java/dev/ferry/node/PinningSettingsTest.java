package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.policy.pinning.PinningConfig;
import dev.ferry.policy.pinning.PinningPolicy;
import dev.ferry.policy.pinning.ReciprocityConfig;
import dev.ferry.policy.pinning.ProofSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinningSettingsTest {
    private static RepoConfig cfg(String pinning) {
        RepoConfig c = RepoConfig.defaults("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        c.set("Pinning", RepoConfig.parseValue(pinning, true));
        return c;
    }

    @Test
    void theSectionIsReadWithItsDefaults() {
        PinningConfig d = PinningSettings.of(cfg("{}"));
        assertThat(d).isEqualTo(PinningConfig.defaults());
        PinningConfig c = PinningSettings.of(cfg("{\"RemoteServices\": {\"far\": {\"API\": {\"Endpoint\": "
                + "\"https://pins.example/psa\", \"Key\": \"k\"}}}, \"Policies\": {\"a\": {\"Replicas\": 2}, "
                + "\"b\": {\"Replicas\": 0, \"MinTrust\": 7, \"RemoteServices\": [\"far\"]}}, \"AcceptTrust\": 3, "
                + "\"StorageMax\": \"1.5GiB\", \"CheckInterval\": \"10s\", \"RepairAfter\": \"1h\"}"));
        assertThat(c.policies()).containsEntry("a", new PinningPolicy("a", 2, 1))
                .containsEntry("b", new PinningPolicy("b", 0, 7, List.of("far")));
        assertThat(c.acceptTrust()).isEqualTo(3);
        assertThat(c.quotaBytes()).isEqualTo(3L << 29);
        assertThat(c.checkInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.repairAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(PinningSettings.of(cfg("{\"StorageMax\": \"10GB\"}")).quotaBytes()).isEqualTo(10_000_000_000L);
        assertThat(PinningSettings.of(cfg("{\"StorageMax\": 4096}")).quotaBytes()).isEqualTo(4096);
    }

    @Test
    void mistakesNameTheirKey() {
        for (String bad : new String[] {"{\"Policies\": []}", "{\"Policies\": {\"a\": {}}}",
                "{\"Policies\": {\"a\": {\"Replicas\": 17}}}", "{\"Policies\": {\"a\": {\"Replicas\": 0}}}",
                "{\"Policies\": {\"a b\": {\"Replicas\": 1}}}",
                "{\"Policies\": {\"a\": {\"Replicas\": 1, \"RemoteServices\": [\"nowhere\"]}}}",
                "{\"AcceptTrust\": 11}", "{\"StorageMax\": \"lots\"}", "{\"CheckInterval\": \"soon\"}",
                "{\"RepairAfter\": \"0s\"}", "{\"ProofInterval\": \"-1s\"}", "{\"ProofInterval\": \"often\"}",
                "{\"ProofBlocks\": 0}", "{\"ProofBlocks\": 17}", "{\"ProofBlocks\": \"4\"}",
                "{\"ProofTimeout\": \"0s\"}"}) {
            assertThatThrownBy(() -> PinningSettings.of(cfg(bad))).as(bad).isInstanceOf(RepoException.class)
                    .hasMessageContaining("config Pinning.");
        }
    }

    @Test
    void serveFirstIsOnByDefaultAndReadAsABoolean() {
        assertThat(PinningSettings.serveFirst(cfg("{}"))).isTrue();
        assertThat(PinningSettings.serveFirst(cfg("{\"Reciprocity\": {\"Enabled\": false}}"))).isTrue();
        assertThat(PinningSettings.serveFirst(cfg("{\"Reciprocity\": {\"ServeFirst\": false}}"))).isFalse();
        assertThat(PinningSettings.serveFirst(cfg("{\"Reciprocity\": {\"ServeFirst\": \"false\"}}"))).isFalse();
        assertThat(PinningSettings.serveFirst(cfg("{\"Reciprocity\": {\"ServeFirst\": true}}"))).isTrue();
        for (String bad : new String[] {"{\"Reciprocity\": {\"ServeFirst\": 1}}",
                "{\"Reciprocity\": {\"ServeFirst\": \"yes\"}}"}) {
            assertThatThrownBy(() -> PinningSettings.serveFirst(cfg(bad))).as(bad).isInstanceOf(RepoException.class)
                    .hasMessageContaining("config Pinning.Reciprocity.ServeFirst");
        }
    }

    @Test
    void reciprocityIsReadWithItsDefaults() {
        assertThat(PinningSettings.reciprocity(cfg("{}"))).isEqualTo(ReciprocityConfig.defaults());
        assertThat(ReciprocityConfig.defaults())
                .isEqualTo(new ReciprocityConfig(true, 1, 1.0, Duration.ofHours(72)));
        assertThat(PinningSettings.reciprocity(cfg("{\"Reciprocity\": {\"Enabled\": false, \"MinTrust\": 3, "
                + "\"Ratio\": 2.5, \"CreditFor\": \"24h\"}}")))
                .isEqualTo(new ReciprocityConfig(false, 3, 2.5, Duration.ofHours(24)));
        // as 'ferry config KEY VALUE' writes them without --json
        assertThat(PinningSettings.reciprocity(cfg("{\"Reciprocity\": {\"Enabled\": \"false\", \"Ratio\": \"0.5\"}}")))
                .isEqualTo(new ReciprocityConfig(false, 1, 0.5, Duration.ofHours(72)));
        for (String bad : new String[] {"{\"Reciprocity\": 1}", "{\"Reciprocity\": {\"Enabled\": \"yes\"}}",
                "{\"Reciprocity\": {\"MinTrust\": 11}}", "{\"Reciprocity\": {\"MinTrust\": 1.5}}",
                "{\"Reciprocity\": {\"Ratio\": -1}}", "{\"Reciprocity\": {\"Ratio\": \"NaN\"}}",
                "{\"Reciprocity\": {\"Ratio\": 1001}}", "{\"Reciprocity\": {\"CreditFor\": \"0s\"}}"}) {
            assertThatThrownBy(() -> PinningSettings.reciprocity(cfg(bad))).as(bad).isInstanceOf(RepoException.class)
                    .hasMessageContaining("config Pinning.Reciprocity");
        }
    }

    @Test
    void storageProofsAreReadWithTheirDefaultsAndZeroTurnsThemOff() {
        assertThat(PinningSettings.of(cfg("{}")).proofs())
                .isEqualTo(new ProofSettings(Duration.ofHours(1), 4, Duration.ofSeconds(5)));
        ProofSettings p = PinningSettings.of(cfg("{\"ProofInterval\": \"30m\", \"ProofBlocks\": 16, "
                + "\"ProofTimeout\": \"2s\"}")).proofs();
        assertThat(p).isEqualTo(new ProofSettings(Duration.ofMinutes(30), 16, Duration.ofSeconds(2)));
        assertThat(p.periodic()).isTrue();
        for (String off : new String[] {"\"0\"", "0", "\"0s\""}) {
            ProofSettings none = PinningSettings.of(cfg("{\"ProofInterval\": " + off + "}")).proofs();
            assertThat(none.periodic()).as(off).isFalse();
        }
    }
}
