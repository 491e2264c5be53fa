package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.exchange.ferry.CapabilitiesListener;
import dev.ferry.exchange.ferry.CapabilitiesRecord;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class RouteRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode a;
    static RpcTestNode b;
    static Block onB = Block.raw("only the ferry peer has this".getBytes(StandardCharsets.UTF_8));
    static Block onA = Block.raw("this one is local".getBytes(StandardCharsets.UTF_8));
    static Block fetched = Block.raw("the ferry peer serves this to a cat".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void start() throws Exception {
        a = RpcTestNode.start(tmp.resolve("a"));
        b = RpcTestNode.start(tmp.resolve("b"));
        a.node.repo().blocks().put(onA);
        b.node.repo().blocks().put(onB);
        b.node.repo().blocks().put(fetched);
        PeerId peerB = b.node.identity().peerId();
        CountDownLatch indexed = new CountDownLatch(1);
        a.node.capabilities().addListener(new CapabilitiesListener() {
            @Override
            public void updated(PeerId peer, CapabilitiesRecord record) {
                if (peer.equals(peerB) && record.mightServe(onB.cid())) {
                    indexed.countDown();
                }
            }
        });
        a.node.trust().set(b.node.identity().did(), 7);
        b.node.contentChanged();
        a.node.host().connect(TestHosts.dialable(b.node.host()));
        if (a.node.capabilities().peerCapabilities(peerB).map(r -> r.mightServe(onB.cid())).orElse(false)) {
            indexed.countDown();
        }
        assertThat(indexed.await(30, TimeUnit.SECONDS)).as("B's index reached A").isTrue();
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void explainsAFerryPeerWithItsDidScoreAndParts() throws Exception {
        var res = a.post("routing/explain", "arg=" + onB.cid());
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode j = RpcTestNode.json(res);
        assertThat(j.fieldNames()).toIterable().containsExactly("Cid", "Class", "Preference", "Candidates");
        assertThat(j.get("Cid").asText()).isEqualTo(onB.cid().toString());
        JsonNode cands = j.get("Candidates");
        List<String> types = new ArrayList<>();
        cands.forEach(c -> types.add(c.get("Type").asText()));
        assertThat(types).containsExactly("peer", "proxy", "ipfs");
        JsonNode peer = cands.get(0);
        assertThat(peer.fieldNames()).toIterable().containsExactly("Rank", "Type", "Peer", "DID", "Address", "Score",
                "Parts");
        assertThat(peer.get("Rank").asInt()).isEqualTo(1);
        assertThat(peer.get("Peer").asText()).isEqualTo(b.node.identity().peerId().toString());
        assertThat(peer.get("DID").asText()).isEqualTo(b.node.identity().did().toString());
        JsonNode parts = peer.get("Parts");
        assertThat(parts.get("Direct").asDouble()).isEqualTo(100);
        assertThat(parts.get("IpfsAccess").asDouble()).isEqualTo(50);
        assertThat(parts.get("Trust").asDouble()).isEqualTo(70);
        double sum = 0;
        for (JsonNode v : parts) {
            sum += v.asDouble();
        }
        assertThat(peer.get("Score").asDouble()).isCloseTo(sum, org.assertj.core.api.Assertions.within(0.01));
        for (int i = 1; i < cands.size(); i++) {
            assertThat(cands.get(i).get("Rank").asInt()).isEqualTo(i + 1);
            assertThat(cands.get(i).get("Score").asDouble()).isLessThanOrEqualTo(cands.get(i - 1).get("Score").asDouble());
        }
        assertThat(cands.get(2).get("Peer").asText()).isEmpty();
    }

    @Test
    void localContentRanksFirstAndIsClassifiedBySize() throws Exception {
        JsonNode j = RpcTestNode.json(a.post("routing/explain", "arg=/ipfs/" + onA.cid()));
        JsonNode first = j.get("Candidates").get(0);
        assertThat(first.get("Type").asText()).isEqualTo("local");
        assertThat(first.get("Parts").get("Local").asDouble()).isEqualTo(1000);
        assertThat(j.get("Class").toString()).isEqualTo("[\"small\"]");
        assertThat(j.get("Preference").asText()).isEqualTo("p2p");
    }

    @Test
    void aBadCidIsABadRequest() throws Exception {
        assertThat(a.post("routing/explain", "arg=notacid").statusCode()).isEqualTo(400);
        assertThat(a.post("routing/explain", "").statusCode()).isEqualTo(400);
    }

    @Test
    void aCatWithAFetchReportNamesThePeerThatServedIt() throws Exception {
        var cat = a.post("cat", "arg=" + fetched.cid() + "&fetch-report=r-1");
        assertThat(cat.statusCode()).isEqualTo(200);
        assertThat(new String(cat.body(), StandardCharsets.UTF_8)).isEqualTo("the ferry peer serves this to a cat");
        JsonNode report = RpcTestNode.json(a.post("routing/report", "arg=r-1"));
        JsonNode source = report.get("Sources").get(0);
        assertThat(report.get("Sources").size()).isEqualTo(1);
        assertThat(source.get("Type").asText()).isEqualTo("peer");
        assertThat(source.get("Peer").asText()).isEqualTo(b.node.identity().peerId().toString());
        assertThat(source.get("DID").asText()).isEqualTo(b.node.identity().did().toString());
        assertThat(source.get("Blocks").asLong()).isEqualTo(1);
        assertThat(source.get("Bytes").asLong()).isEqualTo(fetched.size());
        // handed out once; ids are checked
        assertThat(a.post("routing/report", "arg=r-1").statusCode()).isEqualTo(404);
        assertThat(a.post("cat", "arg=" + fetched.cid() + "&fetch-report=bad/id").statusCode()).isEqualTo(400);
        // now local: the report is empty
        assertThat(a.post("cat", "arg=" + fetched.cid() + "&fetch-report=r-2").statusCode()).isEqualTo(200);
        assertThat(RpcTestNode.json(a.post("routing/report", "arg=r-2")).get("Sources").size()).isZero();
    }
}
