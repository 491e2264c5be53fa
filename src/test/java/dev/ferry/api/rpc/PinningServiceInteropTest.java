package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.multiformats.Cid;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm {@code @ipfs-shipyard/pinning-service-client} (the client generated from the Pinning Service API's spec) drives
 * ferry's service: add with origins, status, listings with every filter, replace, delete, and a wrong token.
 */
@Tag("interop")
@Timeout(180)
class PinningServiceInteropTest {
    @TempDir
    Path tmp;

    @Test
    void theSpecsClientDrivesFerrysPinningService() throws Exception {
        try (PinningServiceFixture f = PinningServiceFixture.start(tmp)) {
            Cid first = f.addOnOrigin(900_000, 31);
            Cid second = f.addOnOrigin(300_000, 32);
            JsonNode out = run(f.endpoint(), PinningServiceFixture.ALICE, first.toString(), second.toString(),
                    f.originAddress());

            assertThat(out.at("/added/status").asText()).isIn("queued", "pinning", "pinned");
            assertThat(out.at("/added/name").asText()).isEqualTo("First Pin");
            assertThat(out.at("/added/origins/0").asText()).isEqualTo(f.originAddress());
            assertThat(out.at("/added/meta/app_id").asText()).isEqualTo("ferry-test");
            assertThat(out.at("/added/delegates/0").asText()).endsWith("/p2p/" + f.service.host().peerId());
            assertThat(out.at("/pinned/status").asText()).isEqualTo("pinned");
            assertThat(Long.parseLong(out.at("/pinned/info/dag_size").asText())).isGreaterThan(900_000);

            assertThat(out.at("/listDefault/count").asInt()).isEqualTo(1);
            assertThat(out.at("/listDefault/cids/0").asText()).isEqualTo(first.toString());
            assertThat(out.at("/listByCid/count").asInt()).isEqualTo(1);
            assertThat(out.at("/listByOtherCid/count").asInt()).isZero();
            assertThat(out.at("/listByName/count").asInt()).isEqualTo(1);
            assertThat(out.at("/listByExactName/count").asInt()).isZero();
            assertThat(out.at("/listByMeta/count").asInt()).isEqualTo(1);
            assertThat(out.at("/listByOtherMeta/count").asInt()).isZero();
            assertThat(out.at("/listFailed/count").asInt()).isZero();
            assertThat(out.at("/listAfter/count").asInt()).isZero();

            assertThat(out.at("/replaced/requestid").asText()).isNotEqualTo(out.at("/added/requestid").asText());
            assertThat(out.at("/replacedPinned/status").asText()).isEqualTo("pinned");
            assertThat(out.at("/replacedPinned/cid").asText()).isEqualTo(second.toString());
            assertThat(out.at("/oldAfterReplace").asInt()).isEqualTo(404);
            assertThat(out.at("/listAfterReplace/count").asInt()).isEqualTo(1);
            assertThat(out.at("/listAfterReplace/names/0").asText()).isEqualTo("Second Pin");
            assertThat(out.at("/strangerList").asInt()).isEqualTo(403);
            assertThat(out.at("/badCid").asInt()).isEqualTo(400);
            assertThat(out.at("/deleted").asInt()).isZero();
            assertThat(out.at("/deletedAgain").asInt()).isEqualTo(404);
            assertThat(out.at("/listAfterDelete/count").asInt()).isZero();

            // the blocks came over the network from the origin, every one verified on the way in
            assertThat(new DagWalker(f.service.repo().blocks(), true).walk(List.of(second), b -> { }).missing())
                    .isEmpty();
            assertThat(f.service.pinning().keeper().keptRoots()).isEmpty();
        }
    }

    private static JsonNode run(String... args) throws Exception {
        return RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(150), new byte[0], "pinning/client.mjs", args));
    }
}
