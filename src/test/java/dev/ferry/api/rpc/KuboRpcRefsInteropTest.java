package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.PinType;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7 drives ferry's {@code refs}, {@code refs/local}, {@code resolve}, {@code dag/resolve} and
 * {@code pin/update}: the client parses Kubo's shapes, and what it gets is what ferry's node holds.
 */
@Tag("interop")
@Timeout(240)
class KuboRpcRefsInteropTest {
    @TempDir
    Path tmp;

    private static List<String> refs(JsonNode lines) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : lines) {
            assertThat(l.get("err").asText()).as(l.toString()).isEmpty();
            out.add(l.get("ref").asText());
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return out;
    }

    private static String raw(String cid) {
        return Cid.v1(Multicodec.RAW.code(), Cid.parse(cid).multihash()).toString();
    }

    @Test
    void kuboRpcClientReadsRefsAndPaths() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(180), new byte[0],
                    "rpc/refs-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));

            String root = out.get("root").asText();
            assertThat(out.get("added").get("d").asText()).isEqualTo(root);
            String a = out.get("added").get("d/a.txt").asText();
            String sub = out.get("added").get("d/sub").asText();
            String b = out.get("added").get("d/sub/b.txt").asText();
            assertThat(out.get("added").get("d/sub/c.txt").asText()).isEqualTo(a);

            assertThat(refs(out.get("refs"))).containsExactly(a, sub);
            assertThat(refs(out.get("refsRecursive"))).containsExactly(a, sub, b, a);
            assertThat(refs(out.get("refsUnique"))).containsExactly(a, sub, b);
            assertThat(refs(out.get("refsEdges"))).containsExactly(root + " -> " + a, root + " -> " + sub);
            assertThat(refs(out.get("refsFormat"))).containsExactly("a.txt", "sub", "b.txt", "c.txt");
            assertThat(refs(out.get("refsMaxDepth"))).containsExactly(a, sub);
            assertThat(refs(out.get("refsMulti"))).containsExactly(b, a, a, sub);
            assertThat(out.get("refsBadOptions").asText()).contains("using format argument with edges is not allowed");

            // the dangling root's error reaches the client as a line's err; the next root's refs follow
            JsonNode dangling = out.get("refsDangling");
            assertThat(dangling).hasSize(3);
            assertThat(dangling.get(0).get("ref").asText()).isEmpty();
            assertThat(dangling.get(0).get("err").asText()).isNotEmpty();
            for (int i = 1; i < 3; i++) {
                assertThat(dangling.get(i).get("err").asText()).isEmpty();
            }
            assertThat(dangling.get(1).get("ref").asText()).isEqualTo(b);
            assertThat(dangling.get(2).get("ref").asText()).isEqualTo(a);

            List<String> local = refs(out.get("refsLocal"));
            assertThat(local).doesNotHaveDuplicates()
                    .contains(raw(root), raw(a), raw(sub), raw(b), raw(out.get("dangling").asText()));
            for (String l : local) {
                assertThat(Cid.parse(l).codec()).as(l).isEqualTo(Multicodec.RAW.code());
            }
            Set<String> stored;
            try (var cids = n.node.repo().blocks().cids()) {
                stored = cids.map(Cid::toString).collect(Collectors.toSet());
            }
            assertThat(stored).containsAll(local);

            String doc = out.get("doc").asText();
            assertThat(Cid.parse(doc).codec()).isEqualTo(Multicodec.DAG_CBOR.code());
            assertThat(out.get("resolve").asText()).isEqualTo("/ipfs/" + b);
            assertThat(out.get("resolveInside").asText()).isEqualTo("/ipfs/" + doc + "/n/m");
            assertThat(out.get("resolveAcross").asText()).isEqualTo("/ipfs/" + Cid.parse(sub).toV1());
            assertThat(out.get("resolveBad").asText()).contains("no link named \"nope\" under " + root);
            assertThat(out.get("dagResolve").get("cid").asText()).isEqualTo(sub);
            assertThat(out.get("dagResolve").get("remainderPath").asText()).isEmpty();
            assertThat(out.get("dagResolveInside").get("cid").asText()).isEqualTo(doc);
            assertThat(out.get("dagResolveInside").get("remainderPath").asText()).isEqualTo("/n/m");
            assertThat(out.get("dagResolveRoot").get("cid").asText()).isEqualTo(root);
            assertThat(out.get("dagResolveRoot").get("remainderPath").asText()).isEmpty();

            String v2 = out.get("v2").asText();
            assertThat(strings(out.get("pinUpdate"))).containsExactly(root, v2);
            assertThat(strings(out.get("pinLsAfterUpdate"))).contains(v2).doesNotContain(root);
            assertThat(strings(out.get("pinUpdateKeep"))).containsExactly(v2, root);
            assertThat(strings(out.get("pinLsBoth"))).contains(v2, root);
            assertThat(out.get("pinUpdateTwice").asText()).contains("'to' cid was already recursively pinned");
            assertThat(out.get("pinUpdateUnpinned").asText()).contains("'from' cid was not recursively pinned already");
            assertThat(n.node.repo().pins().isPinned(Cid.parse(root), PinType.RECURSIVE)).isTrue();
            assertThat(n.node.repo().pins().isPinned(Cid.parse(v2), PinType.RECURSIVE)).isTrue();
        }
    }
}
