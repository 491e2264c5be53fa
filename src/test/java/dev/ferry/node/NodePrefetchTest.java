package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.routing.prefetch.Prediction;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Prefetch section of the config, and the model kept in the repository across restarts. */
@Timeout(60)
class NodePrefetchTest {
    @TempDir
    Path tmp;

    private static RepoConfig config(String prefetch) {
        return RepoConfig.parse("{\"Prefetch\": " + prefetch + "}");
    }

    @Test
    void theSettingsAreReadAndChecked() {
        PrefetchSettings.Values d = PrefetchSettings.of(RepoConfig.parse("{}"));
        assertThat(d.prefetch().enabled()).isFalse();
        assertThat(d.persist()).isTrue();
        assertThat(d.model().window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.saveEvery()).isEqualTo(Duration.ofMinutes(10));
        assertThat(PrefetchSettings.of(config("{\"SaveEvery\": \"90s\"}")).saveEvery())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(PrefetchSettings.of(config("{\"SaveEvery\": \"0\"}")).saveEvery()).isZero();
        assertThat(PrefetchSettings.of(config("{\"SaveEvery\": \"0s\"}")).saveEvery()).isZero();
        PrefetchSettings.Values v = PrefetchSettings.of(config("{\"Enabled\": true, \"Window\": \"1m\", "
                + "\"HalfLife\": \"24h\", \"MinCount\": 5, \"MinProbability\": 0.5, \"MaxConcurrent\": 3, "
                + "\"MaxBytesPerPrefetch\": \"1MiB\", \"MaxBytesPerHour\": 1000000, \"BusyFetches\": 2, "
                + "\"MaxCids\": 100, \"Persist\": false}"));
        assertThat(v.prefetch().enabled()).isTrue();
        assertThat(v.prefetch().maxConcurrent()).isEqualTo(3);
        assertThat(v.prefetch().maxBytesPerPrefetch()).isEqualTo(1 << 20);
        assertThat(v.prefetch().maxBytesPerHour()).isEqualTo(1_000_000);
        assertThat(v.prefetch().busyFetches()).isEqualTo(2);
        assertThat(v.model().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(v.model().halfLife()).isEqualTo(Duration.ofHours(24));
        assertThat(v.model().minCount()).isEqualTo(5);
        assertThat(v.model().minProbability()).isEqualTo(0.5);
        assertThat(v.model().maxCids()).isEqualTo(100);
        assertThat(v.persist()).isFalse();
        for (String bad : new String[] {"{\"Enabled\": \"yes\"}", "{\"Window\": \"soon\"}",
                "{\"MinProbability\": 2}", "{\"MaxConcurrent\": 0}", "{\"MaxBytesPerHour\": \"lots\"}",
                "{\"MaxCids\": 1.5}", "{\"SaveEvery\": \"often\"}", "{\"SaveEvery\": \"10ms\"}",
                "{\"SaveEvery\": \"-5m\"}"}) {
            assertThatThrownBy(() -> PrefetchSettings.of(config(bad))).as(bad).isInstanceOf(RepoException.class)
                    .hasMessageContaining("Prefetch");
        }
    }

    @Test
    void theModelSurvivesARestartAndACorruptOneIsIgnored() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Prefetch.Enabled", RepoConfig.parseValue("true", true)));
        Cid a = Block.raw("a".getBytes(StandardCharsets.UTF_8)).cid();
        Cid b = Block.raw("b".getBytes(StandardCharsets.UTF_8)).cid();
        try (Node n = Node.start(Repo.open(dir))) {
            for (int i = 0; i < 3; i++) {
                n.prefetcher().model().observe("x", a);
                n.prefetcher().model().observe("x", b);
            }
            assertThat(n.prefetcher().model().predict(a)).extracting(Prediction::cid).containsExactly(b);
        }
        Path file = dir.resolve(PrefetchSettings.MODEL_FILE);
        assertThat(file).exists();
        try (Node n = Node.start(Repo.open(dir))) {
            assertThat(n.prefetcher().model().predict(a)).extracting(Prediction::cid).containsExactly(b);
        }
        // saved while the daemon runs too, not only when it stops (its clock is the system's: await the file)
        Files.delete(file);
        Repo.updateConfig(dir, c -> c.set("Prefetch.SaveEvery", RepoConfig.parseValue("1s", false)));
        try (Node n = Node.start(Repo.open(dir))) {
            n.prefetcher().model().observe("y", a);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(file).exists();
        }
        Files.writeString(file, "ferry-successors 1\nnonsense\n");
        try (Node n = Node.start(Repo.open(dir))) {
            assertThat(n.prefetcher().model().size()).isZero();
        }
    }
}
