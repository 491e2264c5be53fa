package dev.ferry.api.gateway;

import static dev.ferry.api.gateway.GatewayFixture.get;
import static dev.ferry.api.gateway.GatewayFixture.readCar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.gateway.GatewayFixture.Car;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GatewayServerTest {
    @TempDir
    static Path tmp;
    static GatewayFixture fx;
    static GatewayServer server;

    @BeforeAll
    static void start() throws IOException {
        fx = new GatewayFixture(tmp);
        server = GatewayFixture.start(fx.store, TestFetcher.Missing.NOT_FOUND, GatewayConfig.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String h(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    // --- raw blocks ---

    @Test
    void rawBlockIsTheBlockBytes() throws Exception {
        for (Cid cid : List.of(fx.site, fx.resolve(fx.site, "hello.txt"), fx.resolve(fx.site, "big.bin"))) {
            HttpResponse<byte[]> r = get(server, "/ipfs/" + cid + "?format=raw");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(fx.block(cid).data());
            assertThat(h(r, "Content-Type")).isEqualTo("application/vnd.ipld.raw");
            assertThat(h(r, "X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(h(r, "Etag")).isEqualTo("\"" + cid + ".raw\"");
            assertThat(h(r, "Content-Disposition")).isEqualTo("attachment; filename=\"" + cid + ".bin\"");
            assertThat(h(r, "Cache-Control")).isEqualTo("public, max-age=29030400, immutable");
            assertThat(h(r, "Content-Location")).isNull();
        }
        HttpResponse<byte[]> byAccept = get(server, "/ipfs/" + fx.site, "Accept", "application/vnd.ipld.raw");
        assertThat(byAccept.body()).isEqualTo(fx.block(fx.site).data());
        assertThat(h(byAccept, "Content-Location")).isEqualTo("/ipfs/" + fx.site + "?format=raw");
        HttpResponse<byte[]> head = GatewayFixture.send(server, "HEAD", "/ipfs/" + fx.site + "?format=raw");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(h(head, "Content-Length")).isEqualTo(Integer.toString(fx.block(fx.site).size()));
    }

    @Test
    void rawBlockWithAPathIsRefused() throws Exception {
        assertThat(get(server, "/ipfs/" + fx.site + "/hello.txt?format=raw").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + fx.site + "/hello.txt", "Accept", "application/vnd.ipld.raw")
                .statusCode()).isEqualTo(400);
    }

    // --- CARs ---

    @Test
    void carOfAWholeDirectoryIsItsDagDepthFirstWithoutDuplicates() throws Exception {
        HttpResponse<byte[]> r = get(server, "/ipfs/" + fx.site + "?format=car");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(h(r, "Content-Type")).isEqualTo("application/vnd.ipld.car; version=1; order=dfs; dups=n");
        assertThat(h(r, "Content-Disposition")).isEqualTo("attachment; filename=\"" + fx.site + ".car\"");
        assertThat(h(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        Car car = readCar(r.body());
        assertThat(car.roots()).containsExactly(fx.site);
        assertThat(car.cids()).containsExactlyElementsOf(fx.dfs(fx.site)).doesNotHaveDuplicates();

        HttpResponse<byte[]> byAccept = get(server, "/ipfs/" + fx.site, "Accept",
                "application/vnd.ipld.car; version=1; order=dfs; dups=n");
        assertThat(byAccept.body()).isEqualTo(r.body());
        assertThat(h(byAccept, "Content-Location")).isEqualTo("/ipfs/" + fx.site + "?format=car");
    }

    @Test
    void carWithAPathCarriesThePathBlocksFirst() throws Exception {
        Cid sub = fx.resolve(fx.site, "sub");
        Cid a = fx.resolve(fx.site, "sub/a.txt");
        Car block = readCar(get(server, "/ipfs/" + fx.site + "/sub/a.txt?format=car&dag-scope=block").body());
        assertThat(block.cids()).containsExactly(fx.site, sub, a);
        assertThat(block.roots()).containsExactly(fx.site);

        Car dirBlock = readCar(get(server, "/ipfs/" + fx.site + "/sub?format=car&dag-scope=block").body());
        assertThat(dirBlock.cids()).containsExactly(fx.site, sub);

        Cid big = fx.resolve(fx.site, "big.bin");
        Car entity = readCar(get(server, "/ipfs/" + fx.site + "/big.bin?format=car&dag-scope=entity").body());
        List<Cid> expected = new java.util.ArrayList<>(List.of(fx.site));
        expected.addAll(fx.dfs(big));
        assertThat(entity.cids()).containsExactlyElementsOf(expected);
        try (var in = new UnixfsExporter(entity.asStore()).cat(big)) {
            assertThat(in.readAllBytes()).isEqualTo(fx.big);
        }
        // a directory's entity is its own block: no children
        Car dirEntity = readCar(get(server, "/ipfs/" + fx.site + "/sub/?format=car&dag-scope=entity").body());
        assertThat(dirEntity.cids()).containsExactly(fx.site, sub);
        // the same through query parameters or Accept parameters
        Car viaAccept = readCar(get(server, "/ipfs/" + fx.site + "/sub/a.txt?dag-scope=block", "Accept",
                "application/vnd.ipld.car;version=1;order=dfs;dups=n").body());
        assertThat(viaAccept.cids()).isEqualTo(block.cids());
    }

    @Test
    void entityBytesReturnsOnlyTheBlocksOfTheRange() throws Exception {
        Cid big = fx.resolve(fx.site, "big.bin");
        int full = fx.dfs(big).size();
        int depth = 0;
        for (Cid c = big; c.codec() == Multicodec.DAG_PB.code(); depth++) {
            c = PbCodec.decode(fx.block(c).data()).links().getFirst().hash();
        }
        Car first = readCar(get(server, "/ipfs/" + big + "?format=car&entity-bytes=0:0").body());
        assertThat(first.cids()).hasSize(depth + 1).startsWith(big);
        assertRangeVerifiable(first, big, 0, 1);

        Car middle = readCar(get(server, "/ipfs/" + big + "?format=car&entity-bytes=1000:2500").body());
        assertRangeVerifiable(middle, big, 1000, 1501);
        assertThat(middle.blocks().size()).isLessThan(full);
        assertThat(middle.blocks().stream().filter(b -> b.cid().codec() == Multicodec.RAW.code())).hasSize(3);

        Car tail = readCar(get(server, "/ipfs/" + big + "?format=car&entity-bytes=-1024:*").body());
        assertRangeVerifiable(tail, big, fx.big.length - 1024, 1024);
        assertThat(tail.cids()).doesNotContain(first.cids().getLast());

        Car all = readCar(get(server, "/ipfs/" + big + "?format=car&entity-bytes=0:*").body());
        assertThat(all.cids()).containsExactlyElementsOf(fx.dfs(big));
        Car toFromEnd = readCar(get(server, "/ipfs/" + big + "?format=car&entity-bytes=499:-1000").body());
        assertRangeVerifiable(toFromEnd, big, 499, fx.big.length - 1000 - 499);
        Car beyond = readCar(get(server, "/ipfs/" + big + "?format=car&entity-bytes=100:999999").body());
        assertRangeVerifiable(beyond, big, 100, fx.big.length - 100);

        // zero-length after resolving: the entity's root block alone
        Car empty = readCar(get(server, "/ipfs/" + big + "?format=car&entity-bytes=100:-39950").body());
        assertThat(empty.cids()).containsExactly(big);
        assertThat(get(server, "/ipfs/" + big + "?format=car&entity-bytes=40000:*").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + big + "?format=car&entity-bytes=10:5").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + big + "?format=car&entity-bytes=abc").statusCode()).isEqualTo(400);
        // the ETag depends on the range
        assertThat(h(get(server, "/ipfs/" + big + "?format=car&entity-bytes=0:0"), "Etag"))
                .isNotEqualTo(h(get(server, "/ipfs/" + big + "?format=car&entity-bytes=0:1"), "Etag"));
    }

    private static void assertRangeVerifiable(Car car, Cid file, long offset, long length) throws IOException {
        try (var in = new UnixfsExporter(car.asStore()).cat(file, offset, length)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(fx.big, (int) offset,
                    (int) (offset + length)));
        }
    }

    @Test
    void hamtEntityIsItsShardsOnly() throws Exception {
        Car car = readCar(get(server, "/ipfs/" + fx.hamt + "?format=car&dag-scope=entity").body());
        List<Cid> shards = fx.dfs(fx.hamt).stream().filter(c -> c.codec() == Multicodec.DAG_PB.code()
                && UnixfsDataCodec.decode(PbCodec.decode(fx.block(c).data()).data()).type()
                        == UnixfsType.HAMT_SHARD).toList();
        assertThat(shards.size()).isGreaterThan(1);
        assertThat(car.cids()).containsExactlyElementsOf(shards);
        // a file inside: the shards on its way, then the file
        Cid file = fx.resolve(fx.hamt, "file-007.txt");
        Car path = readCar(get(server, "/ipfs/" + fx.hamt + "/file-007.txt?format=car").body());
        assertThat(path.cids().getFirst()).isEqualTo(fx.hamt);
        assertThat(path.cids().getLast()).isEqualTo(file);
        assertThat(shards).containsAll(path.cids().subList(0, path.cids().size() - 1));
    }

    @Test
    void duplicatesFollowCarDups() throws Exception {
        Cid zeros = fx.resolve(fx.site, "zeros.bin");
        Car dedup = readCar(get(server, "/ipfs/" + zeros + "?format=car").body());
        assertThat(dedup.cids()).doesNotHaveDuplicates();
        HttpResponse<byte[]> r = get(server, "/ipfs/" + zeros + "?format=car&car-dups=y");
        assertThat(h(r, "Content-Type")).endsWith("dups=y");
        Car dups = readCar(r.body());
        assertThat(new HashSet<>(dups.cids())).isEqualTo(new HashSet<>(dedup.cids()));
        assertThat(dups.cids().size()).isGreaterThan(dedup.cids().size());
        assertThat(get(server, "/ipfs/" + zeros + "?format=car&car-version=2").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + zeros, "Accept", "application/vnd.ipld.car; version=2").statusCode())
                .isEqualTo(406);
        assertThat(get(server, "/ipfs/" + zeros + "?format=car&dag-scope=everything").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + zeros + "?format=ipns-record").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + zeros + "?format=bogus").statusCode()).isEqualTo(400);
    }

    @Test
    void aSubtreeLinkedManyTimesIsWalkedOnce() throws Exception {
        // 100^4 links down to one leaf: walking every path would take hours, written once it is 5 blocks
        MemoryBlockstore s = new MemoryBlockstore();
        Block leaf = Block.raw(new byte[] {42});
        s.put(leaf);
        Block node = leaf;
        long size = 1;
        for (int level = 0; level < 4; level++) {
            List<dev.ferry.dag.pb.PbLink> links = new java.util.ArrayList<>();
            List<Long> sizes = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                links.add(dev.ferry.dag.pb.PbLink.of(node.cid(), "", size));
                sizes.add(size);
            }
            byte[] data = UnixfsDataCodec.encode(dev.ferry.dag.unixfs.UnixfsData.fileNode(sizes));
            node = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new dev.ferry.dag.pb.PbNode(links, data)));
            s.put(node);
            size *= 100;
        }
        try (GatewayServer g = GatewayFixture.start(s, TestFetcher.Missing.NOT_FOUND, GatewayConfig.defaults())) {
            for (String q : List.of("?format=car", "?format=car&dag-scope=entity",
                    "?format=car&entity-bytes=0:*", "?format=car&entity-bytes=5:-5")) {
                Car car = readCar(get(g, "/ipfs/" + node.cid() + q).body());
                assertThat(car.cids()).as(q).hasSize(5).doesNotHaveDuplicates().endsWith(leaf.cid());
            }
            HttpResponse<byte[]> range = get(g, "/ipfs/" + node.cid(), "Range", "bytes=99999990-");
            assertThat(range.body()).hasSize(10).containsOnly((byte) 42);
        }
    }

    // --- deserialized ---

    @Test
    void fileIsServedWithItsHeaders() throws Exception {
        Cid hello = fx.resolve(fx.site, "hello.txt");
        HttpResponse<byte[]> r = get(server, "/ipfs/" + fx.site + "/hello.txt");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(fx.hello);
        assertThat(h(r, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(h(r, "Etag")).isEqualTo("\"" + hello + "\"");
        assertThat(h(r, "Cache-Control")).isEqualTo("public, max-age=29030400, immutable");
        assertThat(h(r, "X-Ipfs-Path")).isEqualTo("/ipfs/" + fx.site + "/hello.txt");
        assertThat(h(r, "X-Ipfs-Roots")).isEqualTo(fx.site + "," + hello);
        assertThat(h(r, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(get(server, "/ipfs/" + fx.site + "/big.bin").body()).isEqualTo(fx.big);
        assertThat(get(server, "/ipfs/" + fx.site + "/big.bin", "Accept", "text/html,*/*;q=0.8").body())
                .isEqualTo(fx.big);
        HttpResponse<byte[]> weird = get(server, "/ipfs/" + fx.site + "/"
                + PercentCoding.encodeSegment(GatewayFixture.WEIRD));
        assertThat(weird.body()).isEqualTo(fx.hello);
        HttpResponse<byte[]> named = get(server, "/ipfs/" + hello + "?filename=r%C3%A9sum%C3%A9.pdf&download=true");
        assertThat(h(named, "Content-Type")).isEqualTo("application/pdf");
        assertThat(h(named, "Content-Disposition")).isEqualTo(
                "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf");
    }

    @Test
    void contentTypeIsSniffedByNameThenContent() throws Exception {
        assertThat(h(get(server, "/ipfs/" + fx.site + "/big.bin"), "Content-Type"))
                .isEqualTo("application/octet-stream");
        assertThat(h(get(server, "/ipfs/" + fx.site + "/page"), "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(h(get(server, "/ipfs/" + fx.site + "/image"), "Content-Type")).isEqualTo("image/png");
        assertThat(h(get(server, "/ipfs/" + fx.site + "/web/index.html"), "Content-Type"))
                .isEqualTo("text/html; charset=utf-8");
        assertThat(h(get(server, "/ipfs/" + fx.resolve(fx.site, "hello.txt")), "Content-Type"))
                .isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void rangeRequests() throws Exception {
        String big = "/ipfs/" + fx.site + "/big.bin";
        HttpResponse<byte[]> r = get(server, big, "Range", "bytes=1000-2999");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(h(r, "Content-Range")).isEqualTo("bytes 1000-2999/40000");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(fx.big, 1000, 3000));
        HttpResponse<byte[]> suffix = get(server, big, "Range", "bytes=-100");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(fx.big, 39_900, 40_000));
        HttpResponse<byte[]> open = get(server, big, "Range", "bytes=39990-");
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(fx.big, 39_990, 40_000));
        HttpResponse<byte[]> clamp = get(server, big, "Range", "bytes=39990-99999");
        assertThat(h(clamp, "Content-Range")).isEqualTo("bytes 39990-39999/40000");
        HttpResponse<byte[]> bad = get(server, big, "Range", "bytes=40000-");
        assertThat(bad.statusCode()).isEqualTo(416);
        assertThat(h(bad, "Content-Range")).isEqualTo("bytes */40000");
        HttpResponse<byte[]> multi = get(server, big, "Range", "bytes=0-1,5-6");
        assertThat(multi.statusCode()).isEqualTo(200);
        assertThat(multi.body()).isEqualTo(fx.big);
        assertThat(get(server, big, "Range", "bytes=5-1").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> headRange = GatewayFixture.send(server, "HEAD", big, "Range", "bytes=0-9");
        assertThat(headRange.statusCode()).isEqualTo(206);
        assertThat(h(headRange, "Content-Length")).isEqualTo("10");
        HttpResponse<byte[]> staleIfRange = get(server, big, "Range", "bytes=0-9", "If-Range", "\"other\"");
        assertThat(staleIfRange.statusCode()).isEqualTo(200);
    }

    @Test
    void etagsAndIfNoneMatch() throws Exception {
        String file = "/ipfs/" + fx.site + "/hello.txt";
        String etag = h(get(server, file), "Etag");
        HttpResponse<byte[]> notModified = get(server, file, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(get(server, file, "If-None-Match", "W/" + etag + ", \"x\"").statusCode()).isEqualTo(304);
        assertThat(get(server, file, "If-None-Match", "\"x\"").statusCode()).isEqualTo(200);
        String raw = "/ipfs/" + fx.site + "?format=raw";
        String car = "/ipfs/" + fx.site + "?format=car";
        String dir = "/ipfs/" + fx.site + "/";
        String rawTag = h(get(server, raw), "Etag");
        String carTag = h(get(server, car), "Etag");
        String dirTag = h(get(server, dir), "Etag");
        assertThat(List.of(rawTag, carTag, dirTag, "\"" + fx.site + "\"")).doesNotHaveDuplicates();
        assertThat(dirTag).startsWith("\"DirIndex-").endsWith("_CID-" + fx.site + "\"");
        assertThat(get(server, raw, "If-None-Match", rawTag).statusCode()).isEqualTo(304);
        assertThat(get(server, car, "If-None-Match", carTag).statusCode()).isEqualTo(304);
        assertThat(get(server, dir, "If-None-Match", dirTag).statusCode()).isEqualTo(304);
        assertThat(get(server, raw, "If-None-Match", carTag).statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        HttpResponse<byte[]> file = GatewayFixture.send(server, "HEAD", "/ipfs/" + fx.site + "/big.bin");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEmpty();
        assertThat(h(file, "Content-Length")).isEqualTo("40000");
        HttpResponse<byte[]> dir = GatewayFixture.send(server, "HEAD", "/ipfs/" + fx.site + "/");
        assertThat(dir.body()).isEmpty();
        assertThat(Long.parseLong(h(dir, "Content-Length")))
                .isEqualTo(get(server, "/ipfs/" + fx.site + "/").body().length);
        HttpResponse<byte[]> car = GatewayFixture.send(server, "HEAD", "/ipfs/" + fx.site + "?format=car");
        assertThat(car.statusCode()).isEqualTo(200);
        assertThat(car.body()).isEmpty();
        assertThat(h(car, "Content-Type")).startsWith("application/vnd.ipld.car");
    }

    @Test
    void directoriesRedirectThenListOrServeTheirIndex() throws Exception {
        HttpResponse<byte[]> redirect = get(server, "/ipfs/" + fx.site + "?a=b");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(h(redirect, "Location")).isEqualTo("/ipfs/" + fx.site + "/?a=b");
        HttpResponse<byte[]> sub = get(server, "/ipfs/" + fx.site + "/web");
        assertThat(sub.statusCode()).isEqualTo(301);
        assertThat(h(sub, "Location")).isEqualTo("/ipfs/" + fx.site + "/web/");

        HttpResponse<byte[]> index = get(server, "/ipfs/" + fx.site + "/web/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo(fx.index);
        assertThat(h(index, "Content-Type")).isEqualTo("text/html; charset=utf-8");

        HttpResponse<byte[]> listing = get(server, "/ipfs/" + fx.site + "/");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(h(listing, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        String html = new String(listing.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("href=\"./hello.txt\"", "href=\"./sub\"", "href=\"./big.bin\"")
                .contains(">we&lt;ird&gt; &amp;&quot;name&#39;.txt<")
                .contains("href=\"./we%3Cird%3E%20%26%22name%27.txt\"")
                .doesNotContain(GatewayFixture.WEIRD);
        HttpResponse<byte[]> hamt = get(server, "/ipfs/" + fx.hamt + "/");
        String hamtHtml = new String(hamt.body(), StandardCharsets.UTF_8);
        for (int i = 0; i < fx.hamtEntries; i++) {
            assertThat(hamtHtml).contains(String.format("href=\"./file-%03d.txt\"", i));
        }
        assertThat(get(server, "/ipfs/" + fx.hamt + "/file-013.txt").body())
                .isEqualTo("entry 13\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dagCborDocumentsArePathedAndServedAsTheyAre() throws Exception {
        Cid hello = fx.resolve(fx.site, "hello.txt");
        java.util.Map<String, dev.ferry.dag.cbor.CborValue> m = new java.util.LinkedHashMap<>();
        m.put("n", dev.ferry.dag.cbor.CborValue.CborInteger.of(1));
        m.put("site", new dev.ferry.dag.cbor.CborValue.CborLink(fx.site));
        m.put("list", new dev.ferry.dag.cbor.CborValue.CborArray(List.of(
                new dev.ferry.dag.cbor.CborValue.CborLink(hello))));
        Block doc = Block.create(1, Multicodec.DAG_CBOR.code(), dev.ferry.dag.cbor.DagCbor.encode(
                new dev.ferry.dag.cbor.CborValue.CborMap(m)));
        fx.store.put(doc);
        HttpResponse<byte[]> plain = get(server, "/ipfs/" + doc.cid());
        assertThat(plain.body()).isEqualTo(doc.data());
        assertThat(h(plain, "Content-Type")).isEqualTo("application/vnd.ipld.dag-cbor");
        HttpResponse<byte[]> through = get(server, "/ipfs/" + doc.cid() + "/site/hello.txt");
        assertThat(through.body()).isEqualTo(fx.hello);
        assertThat(h(through, "X-Ipfs-Roots")).isEqualTo(doc.cid() + "," + fx.site + "," + hello);
        assertThat(get(server, "/ipfs/" + doc.cid() + "/list/0").body()).isEqualTo(fx.hello);
        assertThat(get(server, "/ipfs/" + doc.cid() + "/list/1").statusCode()).isEqualTo(404);
        assertThat(get(server, "/ipfs/" + doc.cid() + "/nope").statusCode()).isEqualTo(404);
        assertThat(get(server, "/ipfs/" + doc.cid() + "/n").statusCode()).isEqualTo(501);
        // the same document converted: dag-json by query and by Accept, dag-cbor as stored; dag-pb in its data model
        HttpResponse<byte[]> asJson = get(server, "/ipfs/" + doc.cid() + "?format=dag-json");
        assertThat(asJson.statusCode()).isEqualTo(200);
        assertThat(h(asJson, "Content-Type")).isEqualTo("application/vnd.ipld.dag-json");
        assertThat(new String(asJson.body(), StandardCharsets.UTF_8)).isEqualTo("{\"list\":[{\"/\":\"" + hello
                + "\"}],\"n\":1,\"site\":{\"/\":\"" + fx.site + "\"}}");
        assertThat(h(asJson, "Etag")).isEqualTo("\"" + doc.cid() + ".dag-json\"");
        HttpResponse<byte[]> byAccept = get(server, "/ipfs/" + doc.cid(), "Accept", "application/vnd.ipld.dag-json");
        assertThat(byAccept.body()).isEqualTo(asJson.body());
        assertThat(h(byAccept, "Content-Location")).isEqualTo("/ipfs/" + doc.cid() + "?format=dag-json");
        assertThat(get(server, "/ipfs/" + doc.cid() + "?format=dag-cbor").body()).isEqualTo(doc.data());
        assertThat(new String(get(server, "/ipfs/" + fx.site + "?format=dag-json").body(), StandardCharsets.UTF_8))
                .startsWith("{\"Data\":{\"/\":{\"bytes\":").contains("\"Links\":[{\"Hash\":{\"/\":");
        assertThat(get(server, "/ipfs/" + doc.cid() + "/n?format=dag-json").statusCode()).isEqualTo(400);
        // plain JSON is the stored bytes of json and dag-json documents only: a dag-cbor one is not converted to it
        assertThat(get(server, "/ipfs/" + doc.cid() + "?format=json").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + doc.cid() + "?format=dag-json", "If-None-Match",
                "\"" + doc.cid() + ".dag-json\"").statusCode()).isEqualTo(304);
        Car car = readCar(get(server, "/ipfs/" + doc.cid() + "/site/sub/a.txt?format=car").body());
        assertThat(car.cids()).containsExactly(doc.cid(), fx.site, fx.resolve(fx.site, "sub"),
                fx.resolve(fx.site, "sub/a.txt"));
        Car all = readCar(get(server, "/ipfs/" + doc.cid() + "?format=car").body());
        // map keys in dag-cbor order ("list" before "site"), so hello.txt first, then the rest of the site
        assertThat(all.cids()).containsExactlyElementsOf(fx.dfs(doc.cid()));
        assertThat(all.cids().subList(0, 3)).containsExactly(doc.cid(), hello, fx.site);
        Car entity = readCar(get(server, "/ipfs/" + doc.cid() + "?format=car&dag-scope=entity").body());
        assertThat(entity.cids()).containsExactly(doc.cid());
    }

    @Test
    void concurrentRequestsAreBounded() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        dev.ferry.routing.ContentFetcher gated = new dev.ferry.routing.ContentFetcher() {
            final TestFetcher inner = new TestFetcher(fx.store, TestFetcher.Missing.NOT_FOUND);

            @Override
            public dev.ferry.store.Blockstore local() {
                return fx.store;
            }

            @Override
            public dev.ferry.routing.FetchSession open(java.time.Duration timeout) {
                entered.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return inner.open(timeout);
            }
        };
        try (GatewayServer s = GatewayServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), gated,
                GatewayConfig.defaults().withMaxConcurrentRequests(1), dev.ferry.api.http.HttpAccess.loopbackOnly())) {
            var first = GatewayFixture.CLIENT.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + s.address().getPort() + "/ipfs/" + fx.site + "/hello.txt")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            HttpResponse<byte[]> busy = get(s, "/ipfs/" + fx.site + "/hello.txt");
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(h(busy, "Retry-After")).isNotNull();
            release.countDown();
            assertThat(first.get(20, TimeUnit.SECONDS).body()).isEqualTo(fx.hello);
        }
    }

    // --- errors ---

    @Test
    void errorsHaveTheirStatus() throws Exception {
        HttpResponse<byte[]> badCid = get(server, "/ipfs/notacid");
        assertThat(badCid.statusCode()).isEqualTo(400);
        assertThat(h(badCid, "Content-Type")).startsWith("text/plain");
        assertThat(get(server, "/ipfs/").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + fx.site + "/missing.txt").statusCode()).isEqualTo(404);
        assertThat(get(server, "/ipfs/" + fx.site + "/hello.txt/deeper").statusCode()).isEqualTo(404);
        Cid absent = Block.raw("not in the store".getBytes(StandardCharsets.UTF_8)).cid();
        assertThat(get(server, "/ipfs/" + absent).statusCode()).isEqualTo(404);
        assertThat(get(server, "/ipfs/" + absent + "?format=raw").statusCode()).isEqualTo(404);
        assertThat(get(server, "/ipfs/" + absent + "?format=car").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> notCached = get(server, "/ipfs/" + absent + "?format=raw", "Cache-Control",
                "only-if-cached");
        assertThat(notCached.statusCode()).isEqualTo(412);
        assertThat(get(server, "/ipfs/" + fx.site + "?format=raw", "Cache-Control", "only-if-cached").statusCode())
                .isEqualTo(200);
        assertThat(GatewayFixture.send(server, "HEAD", "/ipfs/" + absent, "Cache-Control", "only-if-cached")
                .statusCode()).isEqualTo(412);
        HttpResponse<byte[]> post = GatewayFixture.send(server, "DELETE", "/ipfs/" + fx.site);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(h(post, "Allow")).isEqualTo("GET, HEAD");
        assertThat(GatewayFixture.send(server, "PUT", "/ipfs/" + fx.site).statusCode()).isEqualTo(405);
        assertThat(get(server, "/ipns/example.com").statusCode()).isEqualTo(501);
        assertThat(get(server, "/").statusCode()).isEqualTo(404);
        assertThat(GatewayFixture.rawStatus(server, "GET /ipfs/" + fx.site + "/%ZZ HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n")).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + fx.site + "/", "Service-Worker", "script").statusCode()).isEqualTo(200);
        assertThat(get(server, "/ipfs/" + fx.site, "Service-Worker", "script").statusCode()).isEqualTo(400);
    }

    @Test
    void timeoutIs504() throws Exception {
        try (GatewayServer slow = GatewayFixture.start(fx.store, TestFetcher.Missing.TIMEOUT,
                GatewayConfig.defaults())) {
            Cid absent = Block.raw("never arrives".getBytes(StandardCharsets.UTF_8)).cid();
            for (String q : List.of("", "?format=raw", "?format=car")) {
                HttpResponse<byte[]> r = get(slow, "/ipfs/" + absent + q);
                assertThat(r.statusCode()).isEqualTo(504);
                assertThat(h(r, "Retry-After")).isNotNull();
            }
            assertThat(get(slow, "/ipfs/" + fx.site + "/hello.txt").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void noFetchModeAnswers404ForWhatIsNotLocal() throws Exception {
        try (GatewayServer local = GatewayFixture.start(fx.store, TestFetcher.Missing.TIMEOUT,
                GatewayConfig.defaults().withNoFetch(true))) {
            Cid absent = Block.raw("not local".getBytes(StandardCharsets.UTF_8)).cid();
            assertThat(get(local, "/ipfs/" + absent).statusCode()).isEqualTo(404);
            assertThat(get(local, "/ipfs/" + fx.site + "/hello.txt").body()).isEqualTo(fx.hello);
        }
    }

    @Test
    void strictTrustlessModeWantsAFormat() throws Exception {
        try (GatewayServer strict = GatewayFixture.start(fx.store, TestFetcher.Missing.NOT_FOUND,
                GatewayConfig.defaults().withDeserializedResponses(false))) {
            assertThat(get(strict, "/ipfs/" + fx.site + "/hello.txt").statusCode()).isEqualTo(400);
            assertThat(get(strict, "/ipfs/" + fx.site + "?format=raw").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void identityProbe() throws Exception {
        HttpResponse<byte[]> raw = get(server, "/ipfs/bafkqaaa?format=raw");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEmpty();
        HttpResponse<byte[]> plain = get(server, "/ipfs/bafkqaaa");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEmpty();
        assertThat(GatewayFixture.send(server, "HEAD", "/ipfs/bafkqaaa?format=raw").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> car = get(server, "/ipfs/bafkqaaa?format=car");
        assertThat(car.statusCode()).isEqualTo(200);
        Car parsed = readCar(car.body());
        assertThat(parsed.roots()).containsExactly(Cid.parse("bafkqaaa"));
        assertThat(parsed.blocks()).isEmpty();
    }

    @Test
    void traversalAndEncodingTricksAre400() throws Exception {
        String base = "/ipfs/" + fx.site;
        for (String path : List.of(base + "/../" + fx.site, base + "/sub/../hello.txt", base + "/%2e%2e/x",
                base + "/./hello.txt", base + "/sub%2Fa.txt", base + "/sub%2fa.txt", base + "/a%00b", base + "//x",
                base + "/%C0%AE%C0%AE/x", base + "/%", "/ipfs/..%2F" + fx.site, "/ipfs/%00")) {
            int status = GatewayFixture.rawStatus(server, "GET " + path + " HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(status).as(path).isEqualTo(400);
        }
        assertThat(get(server, base + "/sub/a.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedAndMalformedRequestsAreRefusedAndTheServerGoesOn() throws Exception {
        String longPath = "/ipfs/" + fx.site + "/" + "a".repeat(9000);
        assertThat(get(server, longPath).statusCode()).isEqualTo(414);
        assertThat(get(server, "/ipfs/" + fx.site + "/hello.txt", "X-Big", "b".repeat(40_000)).statusCode())
                .isEqualTo(431);
        // far beyond what the JDK server reads: the connection is refused one way or another, never served
        int huge = GatewayFixture.rawStatus(server, "GET /ipfs/" + "q".repeat(500_000) + " HTTP/1.1\r\n\r\n");
        assertThat(huge).isIn(-1, 400, 414);
        assertThat(GatewayFixture.rawStatus(server, "GARBAGE\r\n\r\n")).isIn(-1, 400);
        assertThat(GatewayFixture.rawStatus(server, "GET /ipfs/" + fx.site + "/hello.txt HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\nhello")).isEqualTo(400);
        assertThat(GatewayFixture.rawStatus(server, "GET /ipfs/" + fx.site + "/hello.txt HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n")).isEqualTo(400);
        HttpResponse<byte[]> ok = get(server, "/ipfs/" + fx.site + "/hello.txt");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(fx.hello);
    }

    @Test
    void aFailureWhileStreamingCutsTheResponseShort() throws Exception {
        MemoryBlockstore partial = new MemoryBlockstore();
        byte[] data = new byte[300_000];
        new java.util.Random(3).nextBytes(data);
        Cid file = new dev.ferry.dag.unixfs.UnixfsImporter(partial, GatewayFixture.OPTIONS.withChunkSize(16_384))
                .importStream(new java.io.ByteArrayInputStream(data), "f").cid();
        List<Cid> leaves = dfs(partial, file).stream().filter(c -> c.codec() == Multicodec.RAW.code()).toList();
        assertThat(leaves.size()).isGreaterThan(10);
        partial.delete(leaves.get(leaves.size() - 2));
        TestFetcher fetcher = new TestFetcher(partial, TestFetcher.Missing.NOT_FOUND);
        try (GatewayServer cut = GatewayServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), fetcher,
                GatewayConfig.defaults(), dev.ferry.api.http.HttpAccess.loopbackOnly())) {
            assertThatThrownBy(() -> get(cut, "/ipfs/" + file)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(cut, "/ipfs/" + file + "?format=car")).isInstanceOf(IOException.class);
            // before the status is sent the failure still has its status
            assertThat(get(cut, "/ipfs/" + file, "Range", "bytes=" + (data.length - 20_000) + "-").statusCode())
                    .isEqualTo(404);
            assertThat(get(cut, "/ipfs/" + file, "Range", "bytes=0-99").statusCode()).isEqualTo(206);
            assertThat(fetcher.closed.tryAcquire(fetcher.opened.get(), 10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static List<Cid> dfs(MemoryBlockstore store, Cid root) {
        List<Cid> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Cid> stack = new java.util.ArrayDeque<>(List.of(root));
        while (!stack.isEmpty()) {
            Cid c = stack.pop();
            out.add(c);
            List<Cid> links = dev.ferry.dag.walk.Links.of(store.get(c).orElseThrow());
            for (int i = links.size() - 1; i >= 0; i--) {
                stack.push(links.get(i));
            }
        }
        return out;
    }

    @Test
    void everyRequestClosesItsSession() throws Exception {
        TestFetcher fetcher = new TestFetcher(fx.store, TestFetcher.Missing.NOT_FOUND);
        try (GatewayServer s = GatewayServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), fetcher,
                GatewayConfig.defaults(), dev.ferry.api.http.HttpAccess.loopbackOnly())) {
            get(s, "/ipfs/" + fx.site + "/big.bin");
            get(s, "/ipfs/" + fx.site + "?format=car");
            get(s, "/ipfs/" + fx.site + "/nope");
            get(s, "/ipfs/" + fx.site + "?format=raw");
            assertThat(fetcher.opened.get()).isEqualTo(4);
            assertThat(fetcher.closed.tryAcquire(4, 10, TimeUnit.SECONDS)).isTrue();
            // only-if-cached reads the local store, no session
            get(s, "/ipfs/" + fx.site + "?format=raw", "Cache-Control", "only-if-cached");
            assertThat(fetcher.opened.get()).isEqualTo(4);
        }
    }

    @Test
    void accessIsChecked() throws Exception {
        var token = dev.ferry.api.http.AccessToken.of("t", "bearer:secret", List.of("/ipfs/"));
        var access = dev.ferry.api.http.HttpAccess.of(List.of(token), List.of("https://allowed.example"));
        try (GatewayServer s = GatewayServer.start(new java.net.InetSocketAddress("127.0.0.1", 0),
                new TestFetcher(fx.store, TestFetcher.Missing.NOT_FOUND), GatewayConfig.defaults(), access)) {
            String file = "/ipfs/" + fx.site + "/hello.txt";
            assertThat(get(s, file).statusCode()).isEqualTo(401);
            assertThat(get(s, file, "Authorization", "Bearer wrong").statusCode()).isEqualTo(403);
            HttpResponse<byte[]> ok = get(s, file, "Authorization", "Bearer secret", "Origin",
                    "https://allowed.example");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(h(ok, "Access-Control-Allow-Origin")).isEqualTo("https://allowed.example");
            assertThat(get(s, file, "Authorization", "Bearer secret", "Origin", "https://evil.example")
                    .statusCode()).isEqualTo(403);
        }
        assertThatThrownBy(() -> GatewayServer.start(new java.net.InetSocketAddress("0.0.0.0", 0),
                new TestFetcher(fx.store, TestFetcher.Missing.NOT_FOUND), GatewayConfig.defaults(),
                dev.ferry.api.http.HttpAccess.loopbackOnly())).isInstanceOf(IOException.class);
    }
}
