package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.PinType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code pin/update}: a recursive pin moved to another DAG, as Kubo's pinner does it, and what it refuses. */
@Timeout(120)
class PinUpdateRpcTest {
    @TempDir
    Path tmp;
    RpcTestNode n;
    String v1;
    String v2;

    @BeforeEach
    void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
        v1 = RpcFixtures.add(n, new RpcTestNode.Multipart().dir("v").file("v/a.txt", utf8("one")));
        v2 = RpcFixtures.add(n, "pin=false", new RpcTestNode.Multipart().dir("v").file("v/a.txt", utf8("one"))
                .file("v/b.txt", utf8("two")));
    }

    @AfterEach
    void stop() {
        n.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    boolean recursive(String cid) {
        return n.node.repo().pins().isPinned(Cid.parse(cid), PinType.RECURSIVE);
    }

    String update(String query) throws Exception {
        var res = n.post("pin/update", query);
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.text(res);
    }

    String failure(String query) throws Exception {
        var res = n.post("pin/update", query);
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isIn(400, 500);
        return RpcTestNode.json(res).get("Message").asText();
    }

    @Test
    void thePinMovesToTheNewDag() throws Exception {
        assertThat(recursive(v1)).isTrue();
        assertThat(recursive(v2)).isFalse();
        assertThat(update("arg=" + v1 + "&arg=/ipfs/" + v2)).isEqualTo("{\"Pins\":[\"" + v1 + "\",\"" + v2 + "\"]}");
        assertThat(recursive(v1)).isFalse();
        assertThat(recursive(v2)).isTrue();
        String ls = RpcTestNode.text(n.post("pin/ls", "type=recursive"));
        assertThat(ls).contains(v2).doesNotContain(v1);

        // unpin=false keeps the old pin beside the new one
        assertThat(update("arg=" + v2 + "&arg=" + v1 + "&unpin=false")).contains(v1);
        assertThat(recursive(v1)).isTrue();
        assertThat(recursive(v2)).isTrue();
        // the same pin both ways changes nothing
        assertThat(update("arg=" + v1 + "&arg=" + v1)).isEqualTo("{\"Pins\":[\"" + v1 + "\",\"" + v1 + "\"]}");
        assertThat(recursive(v1)).isTrue();
    }

    @Test
    void whatKubosPinnerRefuses() throws Exception {
        assertThat(failure("arg=" + v2 + "&arg=" + v1)).isEqualTo("'from' cid was not recursively pinned already");
        assertThat(failure("arg=" + v2 + "&arg=" + v2)).isEqualTo("'from' cid was not recursively pinned already");
        assertThat(update("arg=" + v1 + "&arg=" + v2 + "&unpin=false")).contains(v2);
        assertThat(failure("arg=" + v1 + "&arg=" + v2)).isEqualTo("'to' cid was already recursively pinned");
        assertThat(n.post("pin/update", "arg=" + v1).statusCode()).isEqualTo(400);
        assertThat(n.post("pin/update", "arg=" + v1 + "&arg=notacid").statusCode()).isEqualTo(400);
        assertThat(n.post("pin/update", "arg=" + v1 + "&arg=" + v2 + "&unpin=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void anIncompleteDagIsNotPinnedAndTheOldPinStays() throws Exception {
        String missing = Block.raw(utf8("never " + System.nanoTime())).cid().toString();
        String dangling = RpcFixtures.put(n, "{\"gone\":" + RpcFixtures.link(missing) + "}", "dag-cbor");
        var res = n.post("pin/update", "arg=" + v1 + "&arg=" + dangling + "&timeout=300ms");
        assertThat(res.statusCode()).isEqualTo(500);
        assertThat(recursive(v1)).isTrue();
        assertThat(recursive(dangling)).isFalse();
    }
}
