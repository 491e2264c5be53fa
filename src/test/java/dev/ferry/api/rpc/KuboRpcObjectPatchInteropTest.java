package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.store.Block;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7's {@code object.patch.addLink} and {@code rmLink} against ferry: each patched directory has
 * the CID ipfs-unixfs-importer gives the same tree, and the client surfaces Kubo's errors.
 */
@Tag("interop")
@Timeout(120)
class KuboRpcObjectPatchInteropTest {
    @TempDir
    Path tmp;

    @Test
    void patchedDirectoriesAreTheOnesTheJsImporterBuilds() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            Block empty = Block.create(CidPrefix.V0,
                    PbCodec.encode(PbNode.ofData(UnixfsDataCodec.encode(UnixfsData.directory()))));
            n.node.repo().blocks().put(empty);
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(90), new byte[0],
                    "rpc/object-patch-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0",
                    empty.cid().toString()));

            for (String step : List.of("one", "two", "three", "four", "five")) {
                assertThat(out.at("/patched/" + step).asText()).as(step)
                        .isEqualTo(out.at("/expected/" + step).asText()).startsWith("Qm");
            }
            assertThat(out.get("errMissing").asText()).isEqualTo("no link by that name");
            assertThat(out.get("errNoCreate").asText()).isEqualTo("no link by that name");
            assertThat(out.get("errFile").asText()).isEqualTo("cannot add named links to a UnixFS File node, only "
                    + "Directory nodes support link addition at the dag-pb level (see https://specs.ipfs.tech/unixfs/)");
            assertThat(out.get("forcedFile").asText()).startsWith("Qm").isNotEqualTo(out.get("alpha").asText());
        }
    }
}
