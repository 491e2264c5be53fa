package dev.ferry.exchange.ferry.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.request.wire.RequestWire;
import dev.ferry.exchange.ferry.request.wire.ResponseFrame;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile server answers with crafted frames: the client refuses wrong blocks, blocks outside the DAG, duplicates,
 * early or missing ends and silence, and never stores a block it did not verify. Each case has an honest twin.
 */
@Timeout(60)
class FerryRequestAttackTest {
    static final List<Block> DAG = RequestFixtures.tree("attack", 2, 2); // root, leaves of mid 0, mid 0, ...
    static final Cid ROOT = DAG.getFirst().cid();
    static final Block OUTSIDER = Block.raw("not in the DAG".getBytes());

    static TestHosts hosts;
    static Host server;
    static FerryRequestService client;
    static volatile Function<Cid, byte[]> script;

    @BeforeAll
    static void start() throws Exception {
        hosts = new TestHosts();
        server = hosts.start();
        server.setHandler(FerryRequestService.PROTOCOL_ID, s -> {
            RequestWire.readFrame(s.in(), RequestWire.MAX_REQUEST_BYTES);
            s.out().write(script.apply(ROOT));
            s.out().flush();
            s.closeWrite();
            s.in().read(); // let the client read everything before the stream goes away
        });
        Host h = hosts.start();
        client = FerryRequestService.start(h, new MemoryBlockstore(), TrustLevels.NONE, ServePolicy.SERVE_ALL,
                ProxyUpstream.NONE, RequestConfig.defaults());
        h.connect(TestHosts.dialable(server));
    }

    @AfterAll
    static void stop() {
        client.close();
        hosts.close();
    }

    /** The honest DFS order of the fixture DAG. */
    static List<Block> dfs() {
        MemoryBlockstore s = new MemoryBlockstore();
        s.putAll(DAG);
        List<Block> out = new ArrayList<>();
        DagCursor c = new DagCursor(ROOT, DagLinks.DAG_PB_ONLY);
        for (Cid cid = c.next(); cid != null; cid = c.next()) {
            Block b = s.get(cid).orElseThrow();
            out.add(b);
            c.visited(b);
        }
        return out;
    }

    static byte[] frames(ResponseFrame... fs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ResponseFrame f : fs) {
                RequestWire.writeFrame(out, RequestWire.encodeFrame(f));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static ResponseFrame.BlockFrame block(Block b) {
        return new ResponseFrame.BlockFrame(CidPrefix.of(b.cid()), b.data());
    }

    static ResponseFrame ok() {
        return new ResponseFrame.Header(0, "");
    }

    static ResponseFrame end(long n) {
        return new ResponseFrame.End(0, n, "");
    }

    /** The honest answer with {@code edit} applied to the list of frames between header and end. */
    static byte[] honest(Function<List<ResponseFrame>, List<ResponseFrame>> edit) {
        List<ResponseFrame> blocks = new ArrayList<>();
        dfs().forEach(b -> blocks.add(block(b)));
        List<ResponseFrame> body = edit.apply(blocks);
        List<ResponseFrame> all = new ArrayList<>();
        all.add(ok());
        all.addAll(body);
        all.add(end(body.size()));
        return frames(all.toArray(ResponseFrame[]::new));
    }

    record Case(String name, byte[] answer, int storedBlocks) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> attacks() {
        Block root = dfs().getFirst();
        return Stream.of(
                new Case("wrong data under the root's prefix", frames(ok(),
                        new ResponseFrame.BlockFrame(CidPrefix.of(ROOT), OUTSIDER.data()), end(1)), 0),
                new Case("a block outside the DAG first", frames(ok(), block(OUTSIDER), end(1)), 0),
                new Case("a block outside the DAG after the root", honest(l -> List.of(l.get(0), block(OUTSIDER))),
                        1),
                new Case("the root twice", honest(l -> List.of(l.get(0), l.get(0))), 1),
                new Case("a block after the whole DAG", honest(l -> {
                    List<ResponseFrame> m = new ArrayList<>(l);
                    m.add(block(OUTSIDER));
                    return m;
                }), DAG.size()),
                new Case("blocks out of order", honest(l -> List.of(l.get(0), l.get(2), l.get(1))), 1),
                new Case("an early end", honest(l -> l.subList(0, 3)), 3),
                new Case("no end frame", frames(ok(), block(root)), 1),
                new Case("a miscounted end", miscounted(), DAG.size()),
                new Case("a garbage frame", concat(frames(ok(), block(root)), new byte[] {3, 1, 2, 3}), 1),
                new Case("no header", frames(block(root), end(1)), 0),
                new Case("an oversized frame length", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, 0));
    }

    static byte[] miscounted() {
        List<ResponseFrame> all = new ArrayList<>();
        all.add(ok());
        dfs().forEach(b -> all.add(block(b)));
        all.add(end(DAG.size() + 1));
        return frames(all.toArray(ResponseFrame[]::new));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void theClientRefusesAndStoresOnlyVerifiedDagBlocks(Case c) {
        script = cid -> c.answer();
        MemoryBlockstore into = new MemoryBlockstore();
        assertThatThrownBy(() -> client.fetch(server.peerId(), ROOT, List.of(Source.PEER), 0, into,
                Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(FerryRequestException.class, e -> assertThat(e.reason()).isNull());
        assertThat(into.has(OUTSIDER.cid())).isFalse();
        try (Stream<Cid> s = into.cids()) {
            List<Cid> stored = s.toList();
            assertThat(stored).hasSize(c.storedBlocks());
            for (Cid cid : stored) {
                assertThat(DAG.stream().anyMatch(b -> b.cid().multihash().equals(cid.multihash()))).isTrue();
            }
        }
    }

    @Test
    void aSilentServerTimesOut() {
        script = cid -> frames(ok());
        server.setHandler(FerryRequestService.PROTOCOL_ID, s -> {
            RequestWire.readFrame(s.in(), RequestWire.MAX_REQUEST_BYTES);
            s.out().write(frames(ok()));
            s.out().flush();
            s.in().read(); // never closes: the client's idle timeout resets the stream
        });
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.fetch(server.peerId(), ROOT, List.of(Source.PEER), 0,
                    new MemoryBlockstore(), Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(FerryRequestException.class, e -> assertThat(e.reason()).isNull());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        } finally {
            server.setHandler(FerryRequestService.PROTOCOL_ID, s -> {
                RequestWire.readFrame(s.in(), RequestWire.MAX_REQUEST_BYTES);
                s.out().write(script.apply(ROOT));
                s.out().flush();
                s.closeWrite();
                s.in().read();
            });
        }
    }

    @Test
    void theHonestTwinIsAccepted() {
        script = cid -> honest(l -> l);
        MemoryBlockstore into = new MemoryBlockstore();
        assertThat(client.fetch(server.peerId(), ROOT, List.of(Source.PEER), 0, into, Duration.ofSeconds(10)))
                .isEqualTo(DAG.size());
        for (Block b : DAG) {
            assertThat(into.get(b.cid())).contains(b);
        }
    }

    @Test
    void aRefusalCarriesTheServersReason() {
        script = cid -> frames(new ResponseFrame.Header(RefusalReason.BUSY.code(), "try later"));
        assertThatThrownBy(() -> client.fetch(server.peerId(), ROOT, List.of(Source.PEER), 0,
                new MemoryBlockstore(), Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(FerryRequestException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RefusalReason.BUSY);
                    assertThat(e.getMessage()).isEqualTo("try later");
                });
    }
}
