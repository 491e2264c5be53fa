package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborFloat;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborNull;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.json.DagJson;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser preview read back with @ipld/dag-json (interop/gateway/dag-preview.mjs): its text, once the anchors
 * and entities are undone, is the document, and each anchor leads to the CID it shows.
 */
@Tag("interop")
class DagPreviewInteropTest {
    @TempDir
    Path tmp;

    @Test
    void thePreviewIsTheDocumentAsDagJson() throws Exception {
        GatewayFixture fx = new GatewayFixture(tmp);
        Cid hello = fx.resolve(fx.site, "hello.txt");
        Map<String, CborValue> m = new LinkedHashMap<>();
        m.put("site", new CborLink(fx.site));
        m.put("files", new CborArray(List.of(new CborLink(hello), new CborBytes(new byte[] {0, (byte) 0xff}))));
        m.put("<b>key & \"quote\"</b>", new CborText("</pre><script>alert(1)</script> é 🚀 \n\t"));
        m.put("numbers", new CborArray(List.of(CborInteger.of(-12), new CborFloat(1.5), new CborNull())));
        m.put("empty", new CborMap(Map.of()));
        Block cbor = Block.create(1, Multicodec.DAG_CBOR.code(), DagCbor.encode(new CborMap(m)));
        Block json = Block.create(1, Multicodec.DAG_JSON.code(), DagJson.encode(new CborMap(Map.of(
                "doc", new CborLink(cbor.cid()), "list", new CborArray(List.of())))));
        fx.store.put(cbor);
        fx.store.put(json);
        try (GatewayServer server = GatewayFixture.start(fx.store, TestFetcher.Missing.NOT_FOUND,
                GatewayConfig.defaults())) {
            String url = "http://127.0.0.1:" + server.address().getPort();
            String out = NodeJs.run(Duration.ofSeconds(60), new byte[0], "gateway/dag-preview.mjs", url,
                    cbor.cid().toString(), json.cid().toString());
            assertThat(out.lines().toList()).containsExactly("ok " + cbor.cid() + " 2", "ok " + json.cid() + " 1");
        }
    }
}
