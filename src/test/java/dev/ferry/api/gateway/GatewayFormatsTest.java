package dev.ferry.api.gateway;

import static dev.ferry.api.gateway.GatewayFixture.get;
import static dev.ferry.api.gateway.GatewayFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.MetadataOptions;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ?format=tar}, {@code ?format=json|cbor} and what a content path says to {@code ?format=ipns-record}. */
@Timeout(60)
class GatewayFormatsTest {
    @TempDir
    static Path tmp;
    static GatewayFixture fx;
    static GatewayServer server;
    /** A tree imported with its modes and mtimes (UnixFS 1.5). */
    static Cid tree;
    static final Instant FILE_TIME = Instant.parse("2021-03-04T05:06:07Z");
    static final Instant DIR_TIME = Instant.parse("2019-01-02T03:04:05Z");

    @BeforeAll
    static void start() throws IOException {
        fx = new GatewayFixture(tmp);
        Path t = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(t.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(t.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(t.resolve("run.sh"), FileTime.from(FILE_TIME));
        Files.createDirectories(t.resolve("deep/er"));
        Files.write(t.resolve("deep/er/data.bin"), fx.big);
        Files.setPosixFilePermissions(t.resolve("deep/er/data.bin"), PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(t.resolve("deep/er/data.bin"), FileTime.from(FILE_TIME));
        Files.createSymbolicLink(t.resolve("link"), Path.of("run.sh"));
        Files.setLastModifiedTime(t.resolve("deep/er"), FileTime.from(DIR_TIME));
        Files.setLastModifiedTime(t.resolve("deep"), FileTime.from(DIR_TIME));
        Files.setLastModifiedTime(t, FileTime.from(DIR_TIME));
        tree = new UnixfsImporter(fx.store, GatewayFixture.OPTIONS.withMetadata(
                MetadataOptions.of(null, null, null, true, true))).importPath(t).cid();
        server = GatewayFixture.start(fx.store, TestFetcher.Missing.NOT_FOUND, GatewayConfig.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String h(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    /** Runs the system tar in {@code dir}; its output. */
    private static String tar(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tar"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static Path extract(byte[] archive, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("x-" + name));
        Files.write(dir.resolve("a.tar"), archive);
        tar(dir, "-xpf", "a.tar");
        Files.delete(dir.resolve("a.tar"));
        return dir;
    }

    // --- tar ---

    @Test
    void aDirectoryIsATarTheSystemTarExtracts() throws Exception {
        HttpResponse<byte[]> r = get(server, "/ipfs/" + fx.site + "?format=tar");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(h(r, "Content-Type")).isEqualTo("application/x-tar");
        assertThat(h(r, "Content-Disposition")).isEqualTo("attachment; filename=\"" + fx.site + ".tar\"");
        assertThat(h(r, "Etag")).isEqualTo("W/\"" + fx.site + ".x-tar\"");
        assertThat(h(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(h(r, "Cache-Control")).isEqualTo(Responses.IMMUTABLE);
        assertThat(h(r, "X-Ipfs-Roots")).isEqualTo(fx.site.toString());
        assertThat(h(r, "Content-Location")).isNull();
        Path out = extract(r.body(), "site");
        Path root = out.resolve(fx.site.toString());
        assertThat(Files.readAllBytes(root.resolve("hello.txt"))).isEqualTo(fx.hello);
        assertThat(Files.readAllBytes(root.resolve("big.bin"))).isEqualTo(fx.big);
        assertThat(Files.readAllBytes(root.resolve("zeros.bin"))).isEqualTo(fx.zeros);
        assertThat(Files.readAllBytes(root.resolve(GatewayFixture.WEIRD))).isEqualTo(fx.hello);
        assertThat(Files.readString(root.resolve("sub/a.txt"))).isEqualTo("a\n");
        assertThat(Files.readAllBytes(root.resolve("web/index.html"))).isEqualTo(fx.index);
        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(8);
        }
        // by Accept: the same archive, and where its own URL is
        HttpResponse<byte[]> byAccept = get(server, "/ipfs/" + fx.site + "/", "Accept", "application/x-tar");
        assertThat(byAccept.body()).isEqualTo(r.body());
        assertThat(h(byAccept, "Content-Location")).isEqualTo("/ipfs/" + fx.site + "/?format=tar");
    }

    @Test
    void modesMtimesAndSymlinksSurviveTheRoundTrip() throws Exception {
        HttpResponse<byte[]> r = get(server, "/ipfs/" + tree + "?format=tar");
        assertThat(r.statusCode()).isEqualTo(200);
        Path listDir = Files.createDirectories(tmp.resolve("list"));
        Files.write(listDir.resolve("t.tar"), r.body());
        String listing = tar(listDir, "--utc", "-tvf", "t.tar");
        assertThat(listing).contains("-rwxr-x--- ", "2021-03-04 05:06 " + tree + "/run.sh");
        assertThat(listing).contains(tree + "/link -> run.sh");
        assertThat(listing).containsPattern("drwx.* 2019-01-02 03:04 " + tree + "/deep/er/");
        Path root = extract(r.body(), "tree").resolve(tree.toString());
        assertThat(Files.readString(root.resolve("run.sh"))).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("deep/er/data.bin"))))
                .isEqualTo("rw-------");
        assertThat(Files.getLastModifiedTime(root.resolve("run.sh")).toInstant()).isEqualTo(FILE_TIME);
        assertThat(Files.getLastModifiedTime(root.resolve("deep/er")).toInstant()).isEqualTo(DIR_TIME);
        assertThat(Files.readAllBytes(root.resolve("deep/er/data.bin"))).isEqualTo(fx.big);
        assertThat(Files.readSymbolicLink(root.resolve("link"))).isEqualTo(Path.of("run.sh"));
        assertThat(Files.isSymbolicLink(root.resolve("link"))).isTrue();
        assertThat(Files.getLastModifiedTime(root.resolve("link"), LinkOption.NOFOLLOW_LINKS).toInstant())
                .isNotNull();
    }

    @Test
    void aHamtAFileAndAPathAreArchivedUnderTheirCid() throws Exception {
        Path hamtOut = extract(get(server, "/ipfs/" + fx.hamt + "?format=tar").body(), "hamt");
        try (var files = Files.list(hamtOut.resolve(fx.hamt.toString()))) {
            assertThat(files.count()).isEqualTo(fx.hamtEntries);
        }
        assertThat(Files.readString(hamtOut.resolve(fx.hamt + "/file-021.txt"))).isEqualTo("entry 21\n");
        // a file below a path: one entry named by the file's CID; X-Ipfs-Roots has the whole path
        Cid big = fx.resolve(fx.site, "big.bin");
        HttpResponse<byte[]> r = get(server, "/ipfs/" + fx.site + "/big.bin?format=tar&filename=b%C3%A4r.tar");
        assertThat(h(r, "X-Ipfs-Roots")).isEqualTo(fx.site + "," + big);
        assertThat(h(r, "Etag")).isEqualTo("W/\"" + big + ".x-tar\"");
        assertThat(h(r, "Content-Disposition")).isEqualTo("attachment; filename=\"b_r.tar\"; filename*=UTF-8''b%C3%A4r.tar");
        Path fileOut = extract(r.body(), "file");
        try (var files = Files.list(fileOut)) {
            assertThat(files.toList()).containsExactly(fileOut.resolve(big.toString()));
        }
        assertThat(Files.readAllBytes(fileOut.resolve(big.toString()))).isEqualTo(fx.big);
    }

    @Test
    void headAndIfNoneMatch() throws Exception {
        HttpResponse<byte[]> head = send(server, "HEAD", "/ipfs/" + fx.site + "?format=tar");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(h(head, "Content-Type")).isEqualTo("application/x-tar");
        assertThat(h(head, "Etag")).isEqualTo("W/\"" + fx.site + ".x-tar\"");
        for (String tag : List.of("W/\"" + fx.site + ".x-tar\"", "\"" + fx.site + ".x-tar\"")) {
            HttpResponse<byte[]> r = get(server, "/ipfs/" + fx.site + "?format=tar", "If-None-Match", tag);
            assertThat(r.statusCode()).isEqualTo(304);
            assertThat(r.body()).isEmpty();
        }
        assertThat(get(server, "/ipfs/" + fx.site + "?format=tar", "If-None-Match", "\"" + fx.site + "\"")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void whatIsNotUnixfsOrNotThereHasItsStatus() throws Exception {
        Block doc = Block.create(1, Multicodec.DAG_CBOR.code(), new byte[] {(byte) 0xa0});
        fx.store.put(doc);
        assertThat(get(server, "/ipfs/" + doc.cid() + "?format=tar").statusCode()).isEqualTo(501);
        assertThat(get(server, "/ipfs/" + fx.site + "/nope?format=tar").statusCode()).isEqualTo(404);
        try (GatewayServer strict = GatewayFixture.start(fx.store, TestFetcher.Missing.NOT_FOUND,
                GatewayConfig.defaults().withDeserializedResponses(false))) {
            assertThat(get(strict, "/ipfs/" + fx.site + "?format=tar").statusCode()).isEqualTo(400);
            assertThat(get(strict, "/ipfs/" + doc.cid() + "?format=cbor").statusCode()).isEqualTo(400);
        }
    }

    /** A dag-pb directory with exactly these links (no sorting, no checks). */
    private static Cid directory(MemoryBlockstore store, List<PbLink> links) {
        Block b = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(new PbNode(links,
                UnixfsDataCodec.encode(UnixfsData.directory()))));
        store.put(b);
        return b.cid();
    }

    @Test
    void namesThatCouldEscapeStopTheArchive() throws Exception {
        MemoryBlockstore s = new MemoryBlockstore();
        Block file = Block.create(1, Multicodec.RAW.code(), "pwned\n".getBytes(StandardCharsets.UTF_8));
        s.put(file);
        List<Cid> bad = new ArrayList<>();
        for (String name : List.of("..", ".", "a/../../x", "/etc/x", "")) {
            bad.add(directory(s, List.of(new PbLink(file.cid(), "ok", 6L), new PbLink(file.cid(), name, 6L))));
        }
        // a symlink and a directory of the same name
        Block link = Block.create(1, Multicodec.DAG_PB.code(), PbCodec.encode(PbNode.ofData(
                UnixfsDataCodec.encode(UnixfsData.symlink("/etc".getBytes(StandardCharsets.UTF_8))))));
        s.put(link);
        Cid inner = directory(s, List.of(new PbLink(file.cid(), "passwd", 6L)));
        bad.add(directory(s, List.of(new PbLink(link.cid(), "a", 10L), new PbLink(inner, "a", 10L))));
        // a bad name after more than the held bytes: the status is out, the response is cut
        byte[] big = new byte[200_000];
        Block bigFile = Block.create(1, Multicodec.RAW.code(), big);
        s.put(bigFile);
        Cid late = directory(s, List.of(new PbLink(bigFile.cid(), "big", 200_000L),
                new PbLink(bad.getFirst(), "sub", 100L)));
        Cid fine = directory(s, List.of(new PbLink(file.cid(), "ok", 6L), new PbLink(file.cid(), "..x", 6L)));
        try (GatewayServer g = GatewayFixture.start(s, TestFetcher.Missing.NOT_FOUND, GatewayConfig.defaults())) {
            for (Cid c : bad) {
                assertThat(get(g, "/ipfs/" + c + "?format=tar").statusCode()).as(c.toString()).isEqualTo(502);
            }
            assertThatThrownBy(() -> get(g, "/ipfs/" + late + "?format=tar")).isInstanceOf(IOException.class);
            HttpResponse<byte[]> ok = get(g, "/ipfs/" + fine + "?format=tar");
            assertThat(ok.statusCode()).isEqualTo(200);
            Path out = extract(ok.body(), "fine");
            assertThat(Files.readString(out.resolve(fine + "/..x"))).isEqualTo("pwned\n");
        }
    }

    @Test
    void aMissingBlockCutsALargeArchiveAndFailsASmallOne() throws Exception {
        MemoryBlockstore partial = new MemoryBlockstore();
        byte[] data = new byte[300_000];
        new java.util.Random(5).nextBytes(data);
        Path d = Files.createDirectories(tmp.resolve("partial"));
        Files.write(d.resolve("f.bin"), data);
        Files.writeString(d.resolve("g.txt"), "small\n");
        Cid dir = new UnixfsImporter(partial, GatewayFixture.OPTIONS.withChunkSize(16_384)).importPath(d).cid();
        Cid f = new dev.ferry.dag.unixfs.UnixfsExporter(partial).resolve(dir, "f.bin");
        Cid g = new dev.ferry.dag.unixfs.UnixfsExporter(partial).resolve(dir, "g.txt");
        List<Cid> leaves = dev.ferry.dag.walk.Links.of(partial.get(f).orElseThrow());
        Cid lastLeaf = leaves.getLast();
        while (lastLeaf.codec() != Multicodec.RAW.code()) {
            lastLeaf = dev.ferry.dag.walk.Links.of(partial.get(lastLeaf).orElseThrow()).getLast();
        }
        partial.delete(lastLeaf);
        Cid small = directory(partial, List.of(new PbLink(g, "g.txt", 6L), new PbLink(lastLeaf, "gone", 1L)));
        TestFetcher fetcher = new TestFetcher(partial, TestFetcher.Missing.NOT_FOUND);
        try (GatewayServer cut = GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), fetcher,
                GatewayConfig.defaults(), dev.ferry.api.http.HttpAccess.loopbackOnly())) {
            assertThatThrownBy(() -> get(cut, "/ipfs/" + dir + "?format=tar")).isInstanceOf(IOException.class);
            assertThat(get(cut, "/ipfs/" + small + "?format=tar").statusCode()).isEqualTo(404);
            assertThat(fetcher.closed.tryAcquire(fetcher.opened.get(), 10, TimeUnit.SECONDS)).isTrue();
        }
    }

    // --- json and cbor ---

    @Test
    void jsonAndCborDocumentsAreServedAsStored() throws Exception {
        byte[] jsonBytes = "{\"a\":[1,2],\"b\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        Block dagJson = Block.create(1, Multicodec.DAG_JSON.code(), jsonBytes);
        Block json = Block.create(1, Multicodec.JSON.code(), "[true, 1.5]".getBytes(StandardCharsets.UTF_8));
        Block dagCbor = Block.create(1, Multicodec.DAG_CBOR.code(), new byte[] {(byte) 0xa1, 0x61, 0x61, 0x01});
        Block cbor = Block.create(1, Multicodec.CBOR.code(), new byte[] {(byte) 0x82, 0x01, (byte) 0xf5});
        List.of(dagJson, json, dagCbor, cbor).forEach(fx.store::put);
        for (Block b : List.of(dagJson, json)) {
            HttpResponse<byte[]> r = get(server, "/ipfs/" + b.cid() + "?format=json");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(b.data());
            assertThat(h(r, "Content-Type")).isEqualTo("application/json");
            assertThat(h(r, "Etag")).isEqualTo("\"" + b.cid() + ".json\"");
            assertThat(h(r, "Content-Disposition")).isEqualTo("inline; filename=\"" + b.cid() + ".json\"");
            assertThat(h(r, "X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(h(r, "Cache-Control")).isEqualTo(Responses.IMMUTABLE);
            assertThat(get(server, "/ipfs/" + b.cid() + "?format=cbor").statusCode()).isEqualTo(400);
        }
        for (Block b : List.of(dagCbor, cbor)) {
            HttpResponse<byte[]> r = get(server, "/ipfs/" + b.cid() + "?format=cbor");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(b.data());
            assertThat(h(r, "Content-Type")).isEqualTo("application/cbor");
            assertThat(h(r, "Etag")).isEqualTo("\"" + b.cid() + ".cbor\"");
            assertThat(h(r, "Content-Disposition")).isEqualTo("attachment; filename=\"" + b.cid() + ".cbor\"");
            assertThat(get(server, "/ipfs/" + b.cid() + "?format=json").statusCode()).isEqualTo(400);
        }
        // by Accept, with its Content-Location; download and filename; HEAD; If-None-Match
        HttpResponse<byte[]> byAccept = get(server, "/ipfs/" + dagJson.cid(), "Accept", "application/json");
        assertThat(byAccept.body()).isEqualTo(jsonBytes);
        assertThat(h(byAccept, "Content-Location")).isEqualTo("/ipfs/" + dagJson.cid() + "?format=json");
        assertThat(h(get(server, "/ipfs/" + dagJson.cid() + "?format=json&download=true&filename=doc.json"),
                "Content-Disposition")).isEqualTo("attachment; filename=\"doc.json\"");
        HttpResponse<byte[]> head = send(server, "HEAD", "/ipfs/" + dagCbor.cid() + "?format=cbor");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(h(head, "Content-Length")).isEqualTo("4");
        assertThat(get(server, "/ipfs/" + dagCbor.cid(), "Accept", "application/cbor", "If-None-Match",
                "\"" + dagCbor.cid() + ".cbor\"").statusCode()).isEqualTo(304);
        // a document reached through a dag-cbor path
        java.util.Map<String, dev.ferry.dag.cbor.CborValue> m = new java.util.LinkedHashMap<>();
        m.put("doc", new dev.ferry.dag.cbor.CborValue.CborLink(dagJson.cid()));
        Block parent = Block.create(1, Multicodec.DAG_CBOR.code(), dev.ferry.dag.cbor.DagCbor.encode(
                new dev.ferry.dag.cbor.CborValue.CborMap(m)));
        fx.store.put(parent);
        HttpResponse<byte[]> through = get(server, "/ipfs/" + parent.cid() + "/doc?format=json");
        assertThat(through.body()).isEqualTo(jsonBytes);
        assertThat(h(through, "X-Ipfs-Roots")).isEqualTo(parent.cid() + "," + dagJson.cid());
    }

    @Test
    void unixfsAskedAsJsonIsServedAsWithoutAFormat() throws Exception {
        HttpResponse<byte[]> r = get(server, "/ipfs/" + fx.site + "/hello.txt?format=json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(fx.hello);
        assertThat(h(r, "Content-Type")).startsWith("text/plain");
        assertThat(get(server, "/ipfs/" + fx.site + "/hello.txt", "Accept", "application/cbor").body())
                .isEqualTo(fx.hello);
    }

    @Test
    void aContentPathHasNoIpnsRecord() throws Exception {
        assertThat(get(server, "/ipfs/" + fx.site + "?format=ipns-record").statusCode()).isEqualTo(400);
        assertThat(get(server, "/ipfs/" + fx.site, "Accept", "application/vnd.ipfs.ipns-record").statusCode())
                .isEqualTo(400);
    }
}
