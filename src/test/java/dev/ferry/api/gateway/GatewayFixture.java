package dev.ferry.api.gateway;

import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.car.CarReader;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** Content imported for the gateway tests, and small HTTP helpers. */
final class GatewayFixture {
    static final ImportOptions OPTIONS = ImportOptions.kuboDefaults().withCidVersion(1).withChunkSize(1024)
            .withMaxLinks(4);

    final MemoryBlockstore store = new MemoryBlockstore();
    final byte[] hello = "hello from the ferry gateway\n".getBytes(StandardCharsets.UTF_8);
    final byte[] big = new byte[40_000];
    final byte[] zeros = new byte[10_240];
    final byte[] page = "<!DOCTYPE html><html><body>no extension</body></html>".getBytes(StandardCharsets.UTF_8);
    final byte[] index = "<html><body>the index</body></html>".getBytes(StandardCharsets.UTF_8);
    final byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    static final String WEIRD = "we<ird> &\"name'.txt";
    final Cid site;
    final Cid hamt;
    final int hamtEntries = 40;

    GatewayFixture(Path tmp) throws IOException {
        new Random(7).nextBytes(big);
        Path dir = Files.createDirectories(tmp.resolve("site"));
        Files.write(dir.resolve("hello.txt"), hello);
        Files.write(dir.resolve("big.bin"), big);
        Files.write(dir.resolve("zeros.bin"), zeros);
        Files.write(dir.resolve("page"), page);
        Files.write(dir.resolve("image"), png);
        Files.write(dir.resolve(WEIRD), hello);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/a.txt"), "a\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("web"));
        Files.write(dir.resolve("web/index.html"), index);
        site = new UnixfsImporter(store, OPTIONS).importPath(dir).cid();

        Path h = Files.createDirectories(tmp.resolve("hamt"));
        for (int i = 0; i < hamtEntries; i++) {
            Files.writeString(h.resolve(String.format("file-%03d.txt", i)), "entry " + i + "\n");
        }
        hamt = new UnixfsImporter(store, OPTIONS.withShardThresholdBytes(100)).importPath(h).cid();
    }

    Cid resolve(Cid root, String path) {
        return new UnixfsExporter(store).resolve(root, path);
    }

    Block block(Cid cid) {
        return store.get(cid).orElseThrow();
    }

    /** Pre-order DFS of the DAG under {@code root}, each block once. */
    List<Cid> dfs(Cid root) {
        List<Cid> out = new ArrayList<>();
        dfs(root, out, new HashSet<>());
        return out;
    }

    private void dfs(Cid cid, List<Cid> out, Set<Cid> seen) {
        if (!seen.add(cid)) {
            return;
        }
        out.add(cid);
        for (Cid c : Links.of(block(cid))) {
            dfs(c, out, seen);
        }
    }

    static GatewayServer start(Blockstore store, TestFetcher.Missing missing, GatewayConfig config)
            throws IOException {
        return GatewayServer.start(new InetSocketAddress("127.0.0.1", 0), new TestFetcher(store, missing), config,
                HttpAccess.loopbackOnly());
    }

    record Car(List<Cid> roots, List<Block> blocks) {
        List<Cid> cids() {
            return blocks.stream().map(Block::cid).toList();
        }

        MemoryBlockstore asStore() {
            MemoryBlockstore s = new MemoryBlockstore();
            blocks.forEach(s::put);
            return s;
        }
    }

    static Car readCar(byte[] bytes) throws IOException {
        try (CarReader r = CarReader.open(new ByteArrayInputStream(bytes))) {
            List<Block> blocks = new ArrayList<>();
            for (Optional<Block> b = r.next(); b.isPresent(); b = r.next()) {
                blocks.add(b.get());
            }
            return new Car(r.roots(), blocks);
        }
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    static HttpResponse<byte[]> send(GatewayServer server, String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + path)).timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> get(GatewayServer server, String path, String... headers)
            throws IOException, InterruptedException {
        return send(server, "GET", path, headers);
    }

    /** Sends bytes as they are over a fresh connection and returns everything the server answers until it closes. */
    static String rawExchange(GatewayServer server, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static int rawStatus(GatewayServer server, String request) throws IOException {
        String answer;
        try {
            answer = rawExchange(server, request);
        } catch (java.net.SocketException e) {
            return -1; // the server closed (reset) the connection while the request was still being sent
        }
        if (answer.isEmpty()) {
            return -1; // closed without an answer
        }
        return Integer.parseInt(answer.substring(9, 12));
    }
}
