package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.unixfs.EntryImport;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.MetadataOptions;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.unixfs.UnixfsMetadata;
import dev.ferry.testing.NodeJs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubo-rpc-client's {@code add}/{@code addAll} with mode and mtime, on entries (in each part's field name) and as
 * options (interop/rpc/add-metadata-client.mjs): the CIDs ferry's RPC returns are those ferry's importer gives the
 * same entries and options.
 */
@Tag("interop")
@Timeout(180)
class KuboRpcAddMetadataInteropTest {
    @TempDir
    Path tmp;

    static byte[] content(int size, int seed) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (i * 31 + seed);
        }
        return out;
    }

    private static UnixfsMetadata own(Long mode, UnixTime mtime) {
        return new UnixfsMetadata(mode, mtime);
    }

    /** ferry's importer over entries given as path, content (null for a directory) and own metadata. */
    private static Map<String, String> expected(ImportOptions o, Object... entries) throws IOException {
        Map<String, String> cids = new HashMap<>();
        EntryImport e = new UnixfsImporter(null, o.withOnlyHash(true), (cid, path, size) -> cids.put(path,
                cid.toString()), n -> { }).entries();
        for (int i = 0; i < entries.length; i += 3) {
            String path = (String) entries[i];
            UnixfsMetadata m = (UnixfsMetadata) entries[i + 2];
            if (entries[i + 1] instanceof byte[] bytes) {
                e.addFile(path, new ByteArrayInputStream(bytes), m);
            } else {
                e.addDirectory(path, m);
            }
        }
        cids.put("<root>", e.finish().getLast().cid().toString());
        return cids;
    }

    @Test
    void kuboRpcClientAddsWithModeAndMtime() throws Exception {
        ImportOptions kubo = ImportOptions.kuboDefaults();
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(150), new byte[0],
                    "rpc/add-metadata-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));

            assertThat(out.get("single").asText()).isEqualTo(expected(kubo,
                    "", content(100, 1), own(0755L, new UnixTime(1_600_000_000L, 5))).get("<root>"));
            // kubo-rpc-client turns a Date's milliseconds into nanoseconds * 1000 (123 ms are sent as 123000 ns)
            assertThat(out.get("date").asText()).isEqualTo(expected(kubo,
                    "", content(100, 1), own(0711L, new UnixTime(1_600_000_000L, 123_000))).get("<root>"));
            assertThat(out.get("optioned").asText()).isEqualTo(expected(kubo.withMetadata(
                    MetadataOptions.of(0700L, 1_600_000_000L, 7L, false, false)),
                    "", content(100, 1), null).get("<root>"));

            Map<String, String> tree = expected(kubo.withChunkSize(65536).withMetadata(
                    MetadataOptions.of(null, 1_700_000_000L, null, false, false)),
                    "d", null, own(0750L, new UnixTime(1_500_000_000L, null)),
                    "d/a", content(300_000, 2), own(0711L, null),
                    "d/b", content(10, 3), null,
                    "d/sub", null, own(0700L, null),
                    "d/sub/c", content(20, 4), own(null, new UnixTime(-5, 999_999_999)));
            for (String p : new String[] {"d", "d/a", "d/b", "d/sub", "d/sub/c"}) {
                assertThat(out.get("tree").get(p).asText()).as(p).isEqualTo(tree.get(p));
            }

            Map<String, String> preserved = expected(kubo.withMetadata(MetadataOptions.of(0600L, null, null, true,
                    false)),
                    "p", null, own(0711L, null),
                    "p/a", content(50, 5), own(0701L, null),
                    "p/b", content(50, 6), null);
            for (String p : new String[] {"p", "p/a", "p/b"}) {
                assertThat(out.get("preserved").get(p).asText()).as(p).isEqualTo(preserved.get(p));
            }
            // p/b has neither its own mode nor the option's: the same CID as without any metadata
            assertThat(preserved.get("p/b")).isEqualTo(expected(kubo, "b", content(50, 6), null).get("b"));

            String v1 = expected(kubo.withCidVersion(1).withMetadata(MetadataOptions.of(0644L, null, null, false,
                    false)), "", content(300_000, 7), null).get("<root>");
            assertThat(out.get("v1").asText()).startsWith("bafybei").isEqualTo(v1);
            assertThat(out.get("v1Own").asText()).isEqualTo(v1);

            assertThat(out.get("errRawLeaves").asText())
                    .contains("raw-leaves can't be used with UnixFS metadata like mode or modification time");
            assertThat(out.get("errRawLeavesOwn").asText())
                    .contains("raw-leaves can't be used with UnixFS metadata like mode or modification time");
            assertThat(out.get("errNsecs").asText())
                    .contains("option \"mtime-nsecs\" requires \"mtime\" to be provided as well");
            assertThat(out.get("errMode").asText()).contains("octal");
        }
    }
}
