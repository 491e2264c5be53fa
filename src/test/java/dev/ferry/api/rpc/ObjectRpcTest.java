package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.store.Block;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code object/patch/add-link} and {@code rm-link}: answers, stored blocks, no pins, Kubo's errors. */
@Timeout(60)
class ObjectRpcTest {
    @TempDir
    Path tmp;

    private static String q(String... args) {
        StringBuilder s = new StringBuilder();
        for (String a : args) {
            s.append(s.isEmpty() ? "" : "&").append("arg=").append(URLEncoder.encode(a, StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    @Test
    void addAndRemoveLinksThroughTheApi() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            Block emptyDir = Block.create(CidPrefix.V0,
                    PbCodec.encode(PbNode.ofData(UnixfsDataCodec.encode(UnixfsData.directory()))));
            n.node.repo().blocks().put(emptyDir);
            Cid file = new UnixfsImporter(n.node.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), "f").cid();

            HttpResponse<byte[]> added = n.post("object/patch/add-link",
                    q(emptyDir.cid().toString(), "a/b/hello.txt", "/ipfs/" + file) + "&create=true");
            assertThat(added.statusCode()).as(RpcTestNode.text(added)).isEqualTo(200);
            Cid root = Cid.parse(RpcTestNode.json(added).get("Hash").asText());
            assertThat(RpcTestNode.json(added).size()).isEqualTo(1);
            // stored, reachable by path, and not pinned
            HttpResponse<byte[]> cat = n.post("cat", q("/ipfs/" + root + "/a/b/hello.txt"));
            assertThat(RpcTestNode.text(cat)).isEqualTo("hello");
            assertThat(n.node.repo().pins().list()).doesNotContainKey(root);

            // a path as the root: the directory it names is edited
            HttpResponse<byte[]> inner = n.post("object/patch/rm-link", q("/ipfs/" + root + "/a", "b/hello.txt"));
            assertThat(inner.statusCode()).as(RpcTestNode.text(inner)).isEqualTo(200);
            HttpResponse<byte[]> removed = n.post("object/patch/rm-link", q(root.toString(), "a"));
            assertThat(RpcTestNode.json(removed).get("Hash").asText()).isEqualTo(emptyDir.cid().toString());

            assertError(n.post("object/patch/rm-link", q(root.toString(), "nope")), 500, "no link by that name");
            assertError(n.post("object/patch/add-link", q(root.toString(), "x/y", file.toString())), 500,
                    "no link by that name");
            assertError(n.post("object/patch/add-link", q(file.toString(), "x", file.toString())), 500,
                    "cannot add named links to a UnixFS File node, only Directory nodes support link addition at "
                            + "the dag-pb level (see https://specs.ipfs.tech/unixfs/)");
            HttpResponse<byte[]> forced = n.post("object/patch/add-link",
                    q(file.toString(), "x", file.toString()) + "&allow-non-unixfs=true");
            assertThat(forced.statusCode()).isEqualTo(200);
            assertError(n.post("object/patch/add-link", q(root.toString(), "x")), 400,
                    "argument \"ref\" is required");
            assertError(n.post("object/patch/rm-link", q(root.toString())), 400, "argument \"name\" is required");
            assertError(n.post("object/patch/add-link", q("not-a-cid", "x", file.toString())), 400,
                    "invalid path \"not-a-cid\"");
            assertError(n.post("object/patch/add-link", q(root.toString(), "x", file.toString()) + "&force=true"),
                    400, "unknown option \"force\"");
        }
    }

    private static void assertError(HttpResponse<byte[]> res, int status, String message) throws Exception {
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(status);
        assertThat(RpcTestNode.json(res).get("Message").asText()).startsWith(message);
        assertThat(RpcTestNode.json(res).get("Type").asText()).isEqualTo("error");
    }
}
