package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.multiformats.Cid;
import dev.ferry.testing.NodeJs;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client's {@code pin.remote} calls drive ferry as the client of a remote pinning service (Kubo's
 * {@code pin/remote/*}), the service being another ferry node's Pinning Service API: the service fetches the content
 * from the node that asked, by the origins it was given.
 */
@Tag("interop")
@Timeout(180)
class RemotePinningInteropTest {
    @TempDir
    Path tmp;

    @Test
    void kuboRpcClientPinsRemotelyThroughFerry() throws Exception {
        try (PinningServiceFixture service = PinningServiceFixture.start(tmp.resolve("service"));
                RpcTestNode asker = RpcTestNode.start(tmp.resolve("asker"))) {
            byte[] data = new byte[600_000];
            new Random(41).nextBytes(data);
            Cid root = new UnixfsImporter(asker.node.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            asker.node.repo().blocks().sync();

            String api = "http://127.0.0.1:" + asker.server.address().getPort() + "/api/v0";
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(150), new byte[0],
                    "pinning/remote.mjs", api, service.endpoint(), PinningServiceFixture.ALICE, root.toString()));

            assertThat(out.at("/duplicateService").asText()).contains("service already present");
            assertThat(out.at("/services/0/service").asText()).isEqualTo("ferry-remote");
            assertThat(out.at("/services/0/endpoint").asText()).isEqualTo(service.endpoint());
            assertThat(out.at("/added/cid").asText()).isEqualTo(root.toString());
            assertThat(out.at("/added/name").asText()).isEqualTo("remote one");
            assertThat(out.at("/added/status").asText()).isEqualTo("pinned");
            assertThat(out.at("/stat/0/stat/status").asText()).isEqualTo("valid");
            assertThat(out.at("/stat/0/stat/pinCount/pinned").asInt()).isEqualTo(1);
            assertThat(out.at("/ls").size()).isEqualTo(1);
            assertThat(out.at("/ls/0/status").asText()).isEqualTo("pinned");
            assertThat(out.at("/lsByCid").size()).isEqualTo(1);
            assertThat(out.at("/lsQueued").size()).isZero();
            assertThat(out.at("/unknownService").asText()).contains("service not known");
            assertThat(out.at("/lsAfterRm").size()).isZero();
            assertThat(out.at("/servicesAfterRm").size()).isZero();

            // the service fetched the whole DAG from the asker (its only source) and has let go of it again
            assertThat(new DagWalker(service.service.repo().blocks(), true).walk(List.of(root), b -> { }).missing())
                    .isEmpty();
            assertThat(service.service.pinning().keeper().keptRoots()).isEmpty();
        }
    }
}
