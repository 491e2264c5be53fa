package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/** Content put into a test node through its RPC: UnixFS trees and IPLD nodes. */
final class RpcFixtures {
    private RpcFixtures() {
    }

    /** Adds files and directories; returns the CID of the last entry (the root). */
    static String add(RpcTestNode n, RpcTestNode.Multipart m) throws Exception {
        return add(n, "", m);
    }

    static String add(RpcTestNode n, String query, RpcTestNode.Multipart m) throws Exception {
        var res = n.postMultipart("add", query, m.build());
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.ndjson(res).getLast().get("Hash").asText();
    }

    /** Stores a dag-json document under {@code codec} (dag-cbor or dag-json); returns its CID. */
    static String put(RpcTestNode n, String json, String codec) throws Exception {
        var res = n.postMultipart("dag/put", "store-codec=" + codec,
                new RpcTestNode.Multipart().file("", json.getBytes(StandardCharsets.UTF_8)).build());
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.json(res).get("Cid").get("/").asText();
    }

    /** A dag-json link to {@code cid}. */
    static String link(String cid) {
        return "{\"/\":\"" + cid + "\"}";
    }
}
