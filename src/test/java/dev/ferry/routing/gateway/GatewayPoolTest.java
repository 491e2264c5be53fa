package dev.ferry.routing.gateway;

import static dev.ferry.routing.gateway.GatewayTesting.addFile;
import static dev.ferry.routing.gateway.GatewayTesting.assertOnlyVerifiedBlocksOf;
import static dev.ferry.routing.gateway.GatewayTesting.content;
import static dev.ferry.routing.gateway.GatewayTesting.dagOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.routing.gateway.GatewayException.Kind;
import dev.ferry.routing.gateway.HostileGateway.Mode;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayPoolTest {
    private static final GatewayPoolConfig CONFIG = GatewayPoolConfig.defaults()
            .withIdleTimeout(Duration.ofMillis(1500)).withConnectTimeout(Duration.ofSeconds(2));
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private HostileGateway bad;
    private HostileGateway good;
    private byte[] data;
    private Cid file;

    @BeforeEach
    void setUp() throws IOException {
        bad = gateway(Mode.GOOD);
        good = gateway(Mode.GOOD);
        data = content(120_000, 5);
        file = addFile(good.store, data, false);
        addFile(bad.store, data, false);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    private HostileGateway gateway(Mode m) throws IOException {
        HostileGateway g = new HostileGateway(m);
        closeables.add(g);
        return g;
    }

    private GatewayPool pool(GatewayPoolConfig config, HostileGateway... gateways) {
        GatewayPool p = GatewayPool.of(Stream.of(gateways).map(HostileGateway::uri).toList(), config, clock);
        closeables.add(p);
        return p;
    }

    private static GatewayScore scoreOf(GatewayPool p, HostileGateway g) {
        return p.scores().stream().filter(s -> s.gateway().equals(g.uri())).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"WRONG_BYTES", "TRUNCATED", "EXTRA_BLOCKS", "WRONG_ROOT",
        "WRONG_CONTENT_TYPE", "ERROR_500", "STALL_HEADERS", "STALL_BODY", "TRUNCATED_AT_BOUNDARY"})
    void badGatewayIsScoredDownAndTheGoodOneCompletesTheDag(Mode mode) {
        bad.mode(mode);
        GatewayPool p = pool(CONFIG, bad, good);
        MemoryBlockstore local = new MemoryBlockstore();
        Set<Multihash> dag = dagOf(good.store, file, "all");

        assertThat(p.fetchDag(file, local)).isEqualTo(dag.size());

        assertThat(assertOnlyVerifiedBlocksOf(local, dag)).isEqualTo(dag.size());
        assertThat(bad.carRequests.get()).isEqualTo(1);
        assertThat(good.carRequests.get()).isEqualTo(1);
        GatewayScore b = scoreOf(p, bad);
        GatewayScore g = scoreOf(p, good);
        boolean invalid = switch (mode) {
            case WRONG_BYTES, TRUNCATED, EXTRA_BLOCKS, WRONG_ROOT, WRONG_CONTENT_TYPE -> true;
            default -> false;
        };
        assertThat(b.invalid()).isEqualTo(invalid ? 1 : 0);
        assertThat(b.failures()).isEqualTo(invalid ? 0 : 1);
        assertThat(b.successes()).isZero();
        assertThat(b.avoidedUntil().isPresent()).isEqualTo(invalid);
        assertThat(g.successes()).isEqualTo(1);
        assertThat(g.latency()).isPresent();
        assertThat(g.score()).isGreaterThan(b.score());
        assertThat(p.scores().getFirst().gateway()).isEqualTo(good.uri());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"WRONG_BYTES", "TRUNCATED", "EXTRA_BLOCKS", "WRONG_ROOT",
        "WRONG_CONTENT_TYPE", "ERROR_500", "STALL_HEADERS", "STALL_BODY"})
    void rawBlockFallsBackToTheGoodGateway(Mode mode) {
        bad.mode(mode);
        GatewayPool p = pool(CONFIG, bad, good);
        Block b = p.fetchBlock(file);
        assertThat(b).isEqualTo(good.store.get(file).orElseThrow());
        assertThat(bad.rawRequests.get()).isEqualTo(1);
        assertThat(scoreOf(p, bad).successes()).isZero();
        assertThat(scoreOf(p, good).successes()).isEqualTo(1);
    }

    @Test
    void gatewayThatSentInvalidDataIsAvoidedForAWhile() {
        bad.mode(Mode.WRONG_BYTES);
        GatewayPool p = pool(CONFIG.withInvalidBackoff(Duration.ofMinutes(10)), bad, good);
        p.fetchBlock(file);
        assertThat(scoreOf(p, bad).avoidedUntil()).contains(now.get().plus(Duration.ofMinutes(10)));

        bad.mode(Mode.GOOD); // even when it behaves again, it is not asked while benched
        good.mode(Mode.ERROR_500);
        assertThatThrownBy(() -> p.fetchBlock(file)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        assertThat(bad.rawRequests.get()).isEqualTo(1);

        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(scoreOf(p, bad).avoidedUntil()).isEmpty();
        assertThat(p.fetchBlock(file)).isEqualTo(good.store.get(file).orElseThrow());
        assertThat(bad.rawRequests.get()).isEqualTo(2);
        assertThat(scoreOf(p, bad).successes()).isEqualTo(1);
    }

    @Test
    void repeatedInvalidAnswersBenchLonger() {
        bad.mode(Mode.WRONG_BYTES);
        GatewayPool p = pool(CONFIG.withInvalidBackoff(Duration.ofMinutes(1)), bad);
        assertThatThrownBy(() -> p.fetchBlock(file)).isInstanceOf(GatewayException.class);
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThatThrownBy(() -> p.fetchBlock(file)).isInstanceOf(GatewayException.class);
        assertThat(scoreOf(p, bad).avoidedUntil()).contains(now.get().plus(Duration.ofMinutes(2)));
        assertThatThrownBy(() -> p.fetchBlock(file)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NO_GATEWAY);
            assertThat(e.getMessage()).contains("avoided");
        });
        assertThat(bad.rawRequests.get()).isEqualTo(2);
    }

    @Test
    void consecutiveFailuresBenchAGatewayBriefly() {
        bad.mode(Mode.ERROR_500);
        GatewayPool p = pool(CONFIG.withFailureBackoff(Duration.ofSeconds(30), 2), bad, good);
        p.fetchBlock(file);
        assertThat(scoreOf(p, bad).avoidedUntil()).isEmpty();
        good.mode(Mode.ERROR_500);
        // the bad one is now ranked second: both are asked and both fail
        assertThatThrownBy(() -> p.fetchBlock(file)).isInstanceOf(GatewayException.class);
        assertThat(scoreOf(p, bad).failures()).isEqualTo(2);
        assertThat(scoreOf(p, bad).avoidedUntil()).contains(now.get().plus(Duration.ofSeconds(30)));
    }

    @Test
    void everyGatewayMissingTheContentIsNotFound() {
        Cid absent = Block.raw(content(10, 11)).cid();
        GatewayPool p = pool(CONFIG, bad, good);
        assertThatThrownBy(() -> p.fetchBlock(absent)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.getSuppressed()).hasSize(2);
        });
        assertThat(scoreOf(p, bad).notFound()).isEqualTo(1);
        assertThat(scoreOf(p, bad).avoidedUntil()).isEmpty();
    }

    @Test
    void incompleteFromEveryGatewayIsReportedAndKeepsWhatArrived() {
        bad.mode(Mode.TRUNCATED_AT_BOUNDARY);
        good.mode(Mode.TRUNCATED_AT_BOUNDARY);
        GatewayPool p = pool(CONFIG, bad, good);
        MemoryBlockstore local = new MemoryBlockstore();
        assertThatThrownBy(() -> p.fetchDag(file, local)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.INCOMPLETE));
        assertThat(assertOnlyVerifiedBlocksOf(local, dagOf(good.store, file, "all"))).isEqualTo(1);
    }

    @Test
    void completeDagIsNotFetchedAgain() {
        GatewayPool p = pool(CONFIG, good);
        MemoryBlockstore local = new MemoryBlockstore();
        long n = p.fetchDag(file, local);
        assertThat(p.fetchDag(file, local)).isEqualTo(n);
        assertThat(good.carRequests.get()).isEqualTo(1);
    }

    @Test
    void cancellationIsNotHeldAgainstTheGateway() throws Exception {
        bad.mode(Mode.STALL_HEADERS);
        GatewayPool p = pool(CONFIG.withIdleTimeout(Duration.ofSeconds(20)), bad);
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                p.fetchBlock(file);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        worker.set(t);
        assertThat(bad.awaitRequests(1, 10_000)).isTrue();
        t.interrupt();
        Throwable e = outcome.get(10, TimeUnit.SECONDS);
        assertThat(e).isInstanceOfSatisfying(GatewayException.class,
                g -> assertThat(g.kind()).isEqualTo(Kind.CANCELLED));
        GatewayScore s = scoreOf(p, bad);
        assertThat(s.failures() + s.invalid() + s.notFound()).isZero();
    }

    @Test
    void latencyIsAveragedAndSlowAnswersBeyondTheIdleTimeoutAreAbandoned() {
        bad.mode(Mode.SLOW);
        bad.slowness(Duration.ofMillis(300));
        GatewayPool p = pool(CONFIG, bad);
        p.fetchBlock(file);
        Duration first = scoreOf(p, bad).latency().orElseThrow();
        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        bad.mode(Mode.GOOD);
        p.fetchBlock(file);
        Duration second = scoreOf(p, bad).latency().orElseThrow();
        assertThat(second).isLessThan(first); // EWMA: pulled towards the fast answer
        assertThat(second.toNanos()).isGreaterThanOrEqualTo((long) (first.toNanos() * 0.7) - 1);

        bad.mode(Mode.SLOW);
        bad.slowness(Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.fetchBlock(file)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.getSuppressed()[0]).isInstanceOfSatisfying(GatewayException.class,
                        g -> assertThat(g.kind()).isEqualTo(Kind.STALLED)));
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(10).toNanos());
        assertThat(scoreOf(p, bad).failures()).isEqualTo(1);
    }

    @Test
    void emptyPoolHasNoGateway() {
        GatewayPool p = pool(CONFIG);
        assertThat(p.isEmpty()).isTrue();
        assertThatThrownBy(() -> p.fetchBlock(file)).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NO_GATEWAY));
    }

    @Test
    void invalidUrlsAreRefused() {
        assertThatThrownBy(() -> GatewayPool.of(List.of(java.net.URI.create("ftp://x")), CONFIG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    }
}
