package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.policy.pinning.ReplicaHolder;
import dev.ferry.policy.pinning.ServicePin;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pinning policy that names a remote pinning service: the service (another ferry node's Pinning Service API)
 * fetches the DAG from the asking node and keeps it; dropping the policy pin deletes the request there.
 */
@Timeout(90)
class PolicyRemoteServiceTest {
    @TempDir
    Path tmp;

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Test
    void aPolicyPinIsKeptByTheServiceItNamesAndReleasedThere() throws Exception {
        try (PinningServiceFixture service = PinningServiceFixture.start(tmp.resolve("service"))) {
            String config = "{\"RemoteServices\": {\"far\": {\"API\": {\"Endpoint\": \"" + service.endpoint()
                    + "\", \"Key\": \"" + PinningServiceFixture.ALICE + "\"}}},"
                    + " \"Policies\": {\"offsite\": {\"Replicas\": 0, \"RemoteServices\": [\"far\"]}},"
                    + " \"CheckInterval\": \"1s\"}";
            try (RpcTestNode asker = RpcTestNode.start(tmp.resolve("asker"), MultipartLimits.defaults(),
                    c -> c.set("Pinning", RepoConfig.parseValue(config, true)))) {
                byte[] data = new byte[500_000];
                new Random(51).nextBytes(data);
                Cid root = new UnixfsImporter(asker.node.repo().blocks(), ImportOptions.kuboDefaults())
                        .importStream(new ByteArrayInputStream(data), "f").cid();
                new Pinner(asker.node.repo().blocks(), asker.node.repo().pins()).pinRecursive(root);
                var replicator = asker.node.pinning().replicator();
                replicator.add(root, "offsite");

                assertThat(within(Duration.ofSeconds(30), () -> replicator.get(root).orElseThrow().services().stream()
                        .anyMatch(sp -> sp.state() == ReplicaHolder.State.CONFIRMED))).isTrue();
                ServicePin sp = replicator.get(root).orElseThrow().services().getFirst();
                assertThat(sp.service()).isEqualTo("far");
                assertThat(service.service.pinning().keeper().keptRoots()).containsExactly(root);
                assertThat(replicator.problem(root)).isEmpty();

                replicator.remove(root);
                assertThat(within(Duration.ofSeconds(10),
                        () -> service.service.pinning().keeper().keptRoots().isEmpty())).isTrue();
                assertThat(within(Duration.ofSeconds(5), () -> {
                    try {
                        return service.call("GET", "/pins?status=queued,pinning,pinned,failed",
                                PinningServiceFixture.ALICE, null).body().contains("\"count\":0");
                    } catch (Exception e) {
                        return false;
                    }
                })).isTrue();
            }
        }
    }
}
