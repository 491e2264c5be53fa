package dev.ferry.routing.gateway;

import static dev.ferry.routing.gateway.GatewayTesting.addFile;
import static dev.ferry.routing.gateway.GatewayTesting.assertOnlyVerifiedBlocksOf;
import static dev.ferry.routing.gateway.GatewayTesting.content;
import static dev.ferry.routing.gateway.GatewayTesting.dagOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.routing.gateway.GatewayException.Kind;
import dev.ferry.routing.gateway.HostileGateway.Mode;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayClientTest {
    private static final GatewayPoolConfig CONFIG = GatewayPoolConfig.defaults()
            .withIdleTimeout(Duration.ofMillis(1500)).withConnectTimeout(Duration.ofSeconds(2));
    private final HttpClient http = HttpClient.newHttpClient();
    private HostileGateway gw;
    private Cid file;
    private byte[] data;

    @BeforeEach
    void setUp() throws IOException {
        gw = new HostileGateway(Mode.GOOD);
        data = content(100_000, 1);
        file = addFile(gw.store, data, true);
    }

    @AfterEach
    void tearDown() {
        gw.close();
        http.close();
    }

    private GatewayClient client(GatewayPoolConfig config) {
        return new GatewayClient(gw.uri(), http, config);
    }

    private GatewayClient client() {
        return client(CONFIG);
    }

    private static void assertKind(ThrowingCallable call, Kind kind) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    }

    @Test
    void goodGatewayServesVerifiedRawBlocks() {
        Block root = client().fetchBlock(file);
        assertThat(root).isEqualTo(gw.store.get(file).orElseThrow());
        assertThat(gw.rawRequests.get()).isEqualTo(1);
    }

    @Test
    void identityCidsNeverReachTheNetwork() {
        Cid empty = Cid.parse("bafkqaaa");
        assertThat(client().fetchBlock(empty).data()).isEmpty();
        assertThat(gw.requests()).isZero();
    }

    @Test
    void goodGatewayServesWholeDagAsCar() {
        MemoryBlockstore local = new MemoryBlockstore();
        Set<Multihash> dag = dagOf(gw.store, file, "all");
        CarResult r = client().fetchCar(file, DagScope.ALL, local);
        assertThat(r.blocks()).isEqualTo(dag.size()).isGreaterThan(5);
        assertThat(assertOnlyVerifiedBlocksOf(local, dag)).isEqualTo(dag.size());
    }

    @Test
    void unorderedCarIsAcceptedOnceParentsArrive() {
        gw.mode(Mode.GOOD_UNORDERED);
        MemoryBlockstore local = new MemoryBlockstore();
        Set<Multihash> dag = dagOf(gw.store, file, "all");
        CarResult r = client().fetchCar(file, DagScope.ALL, local);
        assertThat(r.blocks()).isEqualTo(dag.size());
        assertThat(assertOnlyVerifiedBlocksOf(local, dag)).isEqualTo(dag.size());
    }

    @Test
    void unorderedCarWithAnUnrelatedBlockIsRefusedAtTheEnd() throws IOException {
        // a bounded orphan buffer: a tiny cap refuses once unlinked blocks pile up
        gw.mode(Mode.GOOD_UNORDERED);
        MemoryBlockstore local = new MemoryBlockstore();
        assertKind(() -> client(CONFIG.withMaxOrphanBytes(1000)).fetchCar(file, DagScope.ALL, local), Kind.INVALID);
        assertOnlyVerifiedBlocksOf(local, dagOf(gw.store, file, "all"));
    }

    @Test
    void entityScopeOfDirectoryIsTheDirectoryAlone(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.write(dir.resolve("a"), content(50_000, 2));
        Files.write(dir.resolve("b"), content(50_000, 3));
        Cid d = new UnixfsImporter(gw.store, ImportOptions.kuboDefaults().withChunkSize(16 * 1024))
                .importPath(dir).cid();
        MemoryBlockstore local = new MemoryBlockstore();
        CarResult r = client().fetchCar(d, DagScope.ENTITY, local);
        assertThat(r.blocks()).isEqualTo(1);
        assertThat(local.has(d)).isTrue();
        assertThat(DagWalk.of(d, DagScope.ENTITY, local, 10).complete()).isTrue();
        assertThat(DagWalk.of(d, DagScope.ALL, local, 10).missing()).hasSize(2);
    }

    @Test
    void wrongBytesAreRejected() {
        gw.mode(Mode.WRONG_BYTES);
        assertKind(() -> client().fetchBlock(file), Kind.INVALID);
        MemoryBlockstore local = new MemoryBlockstore();
        assertKind(() -> client().fetchCar(file, DagScope.ALL, local), Kind.INVALID);
        // blocks before the bad section were verified DAG members: kept; the bad one is not there
        Set<Multihash> dag = dagOf(gw.store, file, "all");
        assertThat(assertOnlyVerifiedBlocksOf(local, dag)).isEqualTo(dag.size() - 1);
    }

    @Test
    void truncatedAnswersAreRejected() {
        gw.mode(Mode.TRUNCATED);
        assertKind(() -> client().fetchBlock(file), Kind.INVALID);
        MemoryBlockstore local = new MemoryBlockstore();
        assertThatThrownBy(() -> client().fetchCar(file, DagScope.ALL, local))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.getMessage()).contains("truncated");
                });
        assertOnlyVerifiedBlocksOf(local, dagOf(gw.store, file, "all"));
    }

    @Test
    void carCutAtASectionBoundaryIsWellFormedButIncomplete() {
        gw.mode(Mode.TRUNCATED_AT_BOUNDARY);
        MemoryBlockstore local = new MemoryBlockstore();
        assertThat(client().fetchCar(file, DagScope.ALL, local).blocks()).isEqualTo(1);
        assertThat(DagWalk.of(file, DagScope.ALL, local, 100).missing()).isNotEmpty();
    }

    @Test
    void unaskedForBlocksAreRejectedAndNeverStored() {
        gw.mode(Mode.EXTRA_BLOCKS);
        assertKind(() -> client().fetchBlock(file), Kind.INVALID);
        MemoryBlockstore local = new MemoryBlockstore();
        assertThatThrownBy(() -> client().fetchCar(file, DagScope.ALL, local))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.getMessage()).contains("not part of the DAG");
                });
        Set<Multihash> dag = dagOf(gw.store, file, "all");
        assertThat(assertOnlyVerifiedBlocksOf(local, dag)).isEqualTo(1); // the root came before the decoy
    }

    @Test
    void wrongRootIsRejectedBeforeAnythingIsStored() {
        gw.mode(Mode.WRONG_ROOT);
        assertKind(() -> client().fetchBlock(file), Kind.INVALID);
        MemoryBlockstore local = new MemoryBlockstore();
        assertThatThrownBy(() -> client().fetchCar(file, DagScope.ALL, local))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.getMessage()).contains("roots");
                });
        assertThat(local.count()).isZero();
    }

    @Test
    void wrongContentTypeIsRejected() {
        gw.mode(Mode.WRONG_CONTENT_TYPE);
        assertKind(() -> client().fetchBlock(file), Kind.INVALID);
        assertKind(() -> client().fetchCar(file, DagScope.ALL, new MemoryBlockstore()), Kind.INVALID);
    }

    @Test
    void serverErrorsAndMissingContentAreFailuresNotInvalid() {
        Cid absent = Block.raw(content(10, 9)).cid();
        assertKind(() -> client().fetchBlock(absent), Kind.NOT_FOUND);
        assertKind(() -> client().fetchCar(absent, DagScope.ALL, new MemoryBlockstore()), Kind.NOT_FOUND);
        gw.mode(Mode.ERROR_500);
        assertKind(() -> client().fetchBlock(file), Kind.UNAVAILABLE);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"STALL_HEADERS", "STALL_BODY"})
    void stallingGatewayIsAbandonedAfterTheIdleTimeout(Mode mode) {
        gw.mode(mode);
        long t0 = System.nanoTime();
        assertKind(() -> client().fetchBlock(file), Kind.STALLED);
        MemoryBlockstore local = new MemoryBlockstore();
        assertKind(() -> client().fetchCar(file, DagScope.ALL, local), Kind.STALLED);
        long took = System.nanoTime() - t0;
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(3000).toNanos())
                .isLessThan(Duration.ofSeconds(15).toNanos());
        assertOnlyVerifiedBlocksOf(local, dagOf(gw.store, file, "all"));
    }

    @Test
    void slowDripIsCutByTheRequestTimeout() {
        gw.mode(Mode.STALL_BODY);
        GatewayPoolConfig c = CONFIG.withIdleTimeout(Duration.ofSeconds(20)).withRequestTimeout(Duration.ofMillis(500));
        assertThatThrownBy(() -> client(c).fetchBlock(file)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.STALLED);
            assertThat(e.getMessage()).contains("request timeout");
        });
    }

    @Test
    void carLargerThanTheCapIsCut() {
        MemoryBlockstore local = new MemoryBlockstore();
        assertKind(() -> client(CONFIG.withMaxCarBytes(20_000)).fetchCar(file, DagScope.ALL, local), Kind.TOO_LARGE);
        assertOnlyVerifiedBlocksOf(local, dagOf(gw.store, file, "all"));
    }

    @Test
    void blockAboveTheBlockCapIsCut() {
        Cid leafParent = file;
        assertKind(() -> client(CONFIG.withMaxBlockSize(8)).fetchBlock(leafParent), Kind.TOO_LARGE);
        assertKind(() -> client(CONFIG.withMaxBlockSize(8)).fetchCar(file, DagScope.ALL, new MemoryBlockstore()),
                Kind.TOO_LARGE);
    }

    @Test
    void unreachableGatewayIsUnavailable() throws IOException {
        URI dead;
        try (HostileGateway g = new HostileGateway(Mode.GOOD)) {
            dead = g.uri();
        }
        GatewayClient c = new GatewayClient(dead, http, CONFIG);
        assertKind(() -> c.fetchBlock(file), Kind.UNAVAILABLE);
    }

    @Test
    void baseUrlsAreCheckedAndNormalised() {
        assertThat(GatewayClient.parse("https://gw.example/").toString()).isEqualTo("https://gw.example");
        assertThat(GatewayClient.parse(" http://127.0.0.1:8080/base// ").toString())
                .isEqualTo("http://127.0.0.1:8080/base");
        for (String bad : List.of("ftp://gw.example", "gw.example", "file:///etc", "https://", "http://h/?q=1",
                "http://u:p@h/", "http://h/#f", "not a url")) {
            assertThatThrownBy(() -> GatewayClient.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gateway URL");
        }
    }
}
