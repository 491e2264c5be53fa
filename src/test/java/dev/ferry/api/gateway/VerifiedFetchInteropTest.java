package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.json.DagJson;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.testing.NodeJs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** @helia/verified-fetch fetches and verifies content through ferry's gateway (interop/gateway/verified-fetch.mjs). */
@Tag("interop")
class VerifiedFetchInteropTest {
    @TempDir
    Path tmp;

    @Test
    void verifiedFetchReadsFilesDirectoriesAndRawBlocksFromFerry() throws Exception {
        GatewayFixture fx = new GatewayFixture(tmp);
        TestFetcher fetcher = new TestFetcher(fx.store, TestFetcher.Missing.NOT_FOUND);
        try (GatewayServer server = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), fetcher,
                GatewayConfig.defaults(), HttpAccess.loopbackOnly())) {
            String url = "http://127.0.0.1:" + server.address().getPort();
            Cid hello = fx.resolve(fx.site, "hello.txt");
            // documents a browser would get an HTML preview of: a trustless client still gets their blocks
            Block cborDoc = Block.create(1, Multicodec.DAG_CBOR.code(), DagCbor.encode(new CborMap(Map.of(
                    "site", new CborLink(fx.site), "name", new CborText("<b>doc</b>")))));
            Block jsonDoc = Block.create(1, Multicodec.DAG_JSON.code(), DagJson.encode(new CborMap(Map.of(
                    "doc", new CborLink(cborDoc.cid())))));
            fx.store.put(cborDoc);
            fx.store.put(jsonDoc);
            List<String> resources = List.of(fx.site + "/hello.txt", fx.site + "/big.bin", fx.site + "/web/",
                    fx.hamt + "/file-021.txt", "raw:" + fx.site, "raw:" + hello, "raw:" + cborDoc.cid(),
                    "raw:" + jsonDoc.cid());
            List<byte[]> expected = List.of(fx.hello, fx.big, fx.index, "entry 21\n".getBytes(),
                    fx.block(fx.site).data(), fx.hello, cborDoc.data(), jsonDoc.data());
            List<String> cmd = new ArrayList<>(List.of(NodeJs.binary().toString(), "gateway/verified-fetch.mjs", url));
            cmd.addAll(resources);
            Path out = tmp.resolve("out.txt");
            Path err = tmp.resolve("err.txt");
            Process p = new ProcessBuilder(cmd).directory(NodeJs.interopDir().toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            try {
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("verified-fetch finished").isTrue();
                assertThat(p.exitValue()).as(Files.readString(err)).isZero();
            } finally {
                p.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(out).stream().filter(l -> l.startsWith("ok ")).toList();
            assertThat(lines).hasSize(resources.size());
            for (String line : lines) {
                String[] parts = line.split(" ", 4);
                int i = Integer.parseInt(parts[1]);
                byte[] body = parts.length < 4 ? new byte[0] : Base64.getDecoder().decode(parts[3]);
                assertThat(body).as(resources.get(i)).isEqualTo(expected.get(i));
            }
            assertThat(fetcher.opened.get()).as("requests that reached ferry").isPositive();
        }
    }

    @Test
    void ipldCarReadsAndVerifiesTheGatewayCars() throws Exception {
        GatewayFixture fx = new GatewayFixture(tmp);
        try (GatewayServer server = GatewayFixture.start(fx.store, TestFetcher.Missing.NOT_FOUND,
                GatewayConfig.defaults())) {
            for (String q : List.of(fx.site + "?format=car", fx.site + "/big.bin?format=car&entity-bytes=1000:5000",
                    fx.hamt + "/file-003.txt?format=car&dag-scope=block")) {
                byte[] car = GatewayFixture.get(server, "/ipfs/" + q).body();
                GatewayFixture.Car parsed = GatewayFixture.readCar(car);
                Path file = tmp.resolve("gateway.car");
                Files.write(file, car);
                Path out = tmp.resolve("car-out.txt");
                Path err = tmp.resolve("car-err.txt");
                Process p = new ProcessBuilder(NodeJs.binary().toString(), "car/verify-car.mjs", file.toString())
                        .directory(NodeJs.interopDir().toFile()).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
                try {
                    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(p.exitValue()).as(q + ": " + Files.readString(err)).isZero();
                } finally {
                    p.destroyForcibly();
                }
                List<String> lines = Files.readAllLines(out);
                assertThat(lines).as(q).contains("root " + parsed.roots().getFirst(),
                        "count " + parsed.blocks().size());
            }
        }
    }
}
