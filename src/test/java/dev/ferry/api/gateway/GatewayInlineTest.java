package dev.ferry.api.gateway;

import static dev.ferry.api.gateway.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.car.CarReader;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Content added with {@code --inline} through the gateway: identity files and directories, paths through them. */
@Timeout(60)
class GatewayInlineTest {
    @TempDir
    static Path tmp;
    static final MemoryBlockstore STORE = new MemoryBlockstore();
    static GatewayServer server;
    static Cid site;
    static Cid tiny;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(dir.resolve("hello.txt"), "hello\n");
        Files.writeString(dir.resolve("long.txt"), "a text longer than the limit of thirty-two bytes\n");
        Files.writeString(Files.createDirectories(dir.resolve("tiny")).resolve("c"), "z");
        ImportOptions inline = ImportOptions.kuboDefaults().withInlineLimit(ImportOptions.DEFAULT_INLINE_LIMIT);
        site = new UnixfsImporter(STORE, inline).importPath(dir).cid();
        tiny = new UnixfsImporter(STORE, inline).importPath(dir.resolve("tiny")).cid();
        server = GatewayFixture.start(STORE, TestFetcher.Missing.NOT_FOUND, GatewayConfig.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void inlinedFilesAndDirectoriesAreServed() throws Exception {
        assertThat(tiny.isIdentity()).isTrue();
        assertThat(STORE.size(tiny)).isPresent(); // answered from the CID, not stored
        HttpResponse<byte[]> hello = get(server, "/ipfs/" + site + "/hello.txt");
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(new String(hello.body(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        HttpResponse<byte[]> c = get(server, "/ipfs/" + tiny + "/c");
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(new String(c.body(), StandardCharsets.UTF_8)).isEqualTo("z");
        HttpResponse<byte[]> listing = get(server, "/ipfs/" + tiny + "/");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(new String(listing.body(), StandardCharsets.UTF_8)).contains(">c<");
        // the raw block of an identity CID is its digest
        HttpResponse<byte[]> raw = get(server, "/ipfs/" + tiny + "?format=raw");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(tiny.multihash().digest());
    }

    @Test
    void aCarOfAnInlinedTreeHoldsOnlyTheOtherBlocks() throws Exception {
        HttpResponse<byte[]> r = get(server, "/ipfs/" + site + "?format=car");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Cid> cids = new ArrayList<>();
        try (CarReader car = CarReader.open(new ByteArrayInputStream(r.body()))) {
            for (var b = car.next(); b.isPresent(); b = car.next()) {
                cids.add(b.get().cid());
            }
        }
        assertThat(cids).isNotEmpty().contains(site).noneMatch(Cid::isIdentity);
    }
}
