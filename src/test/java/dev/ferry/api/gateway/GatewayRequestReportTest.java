package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The gateway tells predictive caching which CID each content request is for, and who asked. */
class GatewayRequestReportTest {
    private record Report(String client, Cid cid) {}

    @Test
    void aPathIsReportedAsTheCidItResolvesTo() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        Block file = Block.create(1, Multicodec.RAW.code(), "hello\n".getBytes(StandardCharsets.UTF_8));
        store.put(file);
        Block dir = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(
                List.of(new PbLink(file.cid(), "hello.txt", 6L)), UnixfsDataCodec.encode(UnixfsData.directory()))));
        store.put(dir);
        List<Report> reports = new CopyOnWriteArrayList<>();
        TestFetcher fetcher = new TestFetcher(store, TestFetcher.Missing.NOT_FOUND);
        try (GatewayServer gw = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), fetcher,
                GatewayConfig.defaults(), HttpAccess.loopbackOnly(), null, null,
                (client, cid) -> reports.add(new Report(client, cid)))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + gw.address().getPort();
            var res = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + dir.cid() + "/hello.txt"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            res = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + dir.cid() + "?format=raw")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            // a path that does not resolve is the same 404 as without reports, and reports nothing
            res = http.send(HttpRequest.newBuilder(URI.create(base + "/ipfs/" + dir.cid() + "/absent")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(404);
        }
        assertThat(reports).containsExactly(new Report("gateway 127.0.0.1", file.cid()),
                new Report("gateway 127.0.0.1", dir.cid()));
    }
}
