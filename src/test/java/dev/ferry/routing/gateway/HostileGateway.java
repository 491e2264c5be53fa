package dev.ferry.routing.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.dag.car.CarWriter;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.dag.unixfs.UnixfsData;
import dev.ferry.dag.unixfs.UnixfsDataCodec;
import dev.ferry.dag.walk.Links;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trustless gateway on 127.0.0.1 serving a {@link MemoryBlockstore}, honestly ({@link Mode#GOOD}) or in one of
 * several hostile ways. Independent of the client code: its CARs are built here from the spec.
 */
public final class HostileGateway implements AutoCloseable {
    /** How the gateway answers. */
    public enum Mode {
        /** Correct raw blocks and CARs (dfs, dups=n, the scope asked for). */
        GOOD,
        /** Correct CARs with every block after its children, and no {@code order} in the content type. */
        GOOD_UNORDERED,
        /** Raw: the block's bytes with one bit flipped. CAR: a section whose data does not match its CID. */
        WRONG_BYTES,
        /** Raw: the first half of the bytes. CAR: cut in the middle of a section. */
        TRUNCATED,
        /** CAR: a clean cut at a section boundary after the root (a gateway that lacks the children). */
        TRUNCATED_AT_BOUNDARY,
        /** Raw: the bytes plus trailing junk. CAR: the correct blocks and, after the root, an unrelated block. */
        EXTRA_BLOCKS,
        /** Raw: another block's bytes. CAR: a header naming another root, carrying that other DAG. */
        WRONG_ROOT,
        /** HTTP 500 for everything. */
        ERROR_500,
        /** Answers correctly, after holding the response for {@link #slowness(Duration)}. */
        SLOW,
        /** Never sends the response headers (until closed). */
        STALL_HEADERS,
        /** Sends headers and the first bytes of the body, then nothing (until closed). */
        STALL_BODY,
        /** A raw answer under text/html, as a path gateway ignoring the format would give. */
        WRONG_CONTENT_TYPE
    }

    public final MemoryBlockstore store = new MemoryBlockstore();
    /** Requests answered, by kind. */
    public final AtomicInteger rawRequests = new AtomicInteger();
    public final AtomicInteger carRequests = new AtomicInteger();
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition arrived = lock.newCondition();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Mode mode;
    private volatile java.time.Duration slowness = java.time.Duration.ofMillis(300);
    private volatile Block decoy = Block.raw("not part of any requested DAG".getBytes(StandardCharsets.UTF_8));

    public HostileGateway(Mode mode) throws IOException {
        this.mode = mode;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void mode(Mode m) {
        this.mode = m;
    }

    /** How long {@link Mode#SLOW} holds each response. */
    public void slowness(java.time.Duration d) {
        this.slowness = d;
    }

    /** Blocks for {@link Mode#WRONG_ROOT} and {@link Mode#EXTRA_BLOCKS} to come from (kept out of {@link #store}). */
    public void decoy(Block b) {
        this.decoy = b;
    }

    public int requests() {
        return rawRequests.get() + carRequests.get();
    }

    /** Waits until at least {@code n} requests have arrived in all. */
    public boolean awaitRequests(int n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (requests() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                arrived.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String accept = ex.getRequestHeaders().getFirst("Accept");
            boolean car = "car".equals(query.get("format")) || (accept != null && accept.contains("vnd.ipld.car"));
            lock.lock();
            try {
                (car ? carRequests : rawRequests).incrementAndGet();
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
            if (!path.startsWith("/ipfs/")) {
                send(ex, 404, "text/plain", new byte[0]);
                return;
            }
            Cid cid;
            try {
                cid = Cid.parse(path.substring("/ipfs/".length()));
            } catch (RuntimeException e) {
                send(ex, 400, "text/plain", "bad cid".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Mode m = mode;
            switch (m) {
                case ERROR_500 -> {
                    send(ex, 500, "text/plain", "boom".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                case STALL_HEADERS -> {
                    awaitClose();
                    return;
                }
                case SLOW -> {
                    try {
                        closed.await(slowness.toMillis(), TimeUnit.MILLISECONDS); // the gateway's own pace
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                default -> {
                }
            }
            Optional<Block> root = store.get(cid);
            if (root.isEmpty()) {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (car) {
                String scope = query.getOrDefault("dag-scope", "all");
                serveCar(ex, m, cid, scope);
            } else {
                serveRaw(ex, m, root.get());
            }
        }
    }

    private void serveRaw(HttpExchange ex, Mode m, Block b) throws IOException {
        byte[] data = b.data().clone();
        switch (m) {
            case WRONG_BYTES -> {
                if (data.length == 0) {
                    data = new byte[] {1};
                } else {
                    data[data.length / 2] ^= 1;
                }
            }
            case TRUNCATED -> data = java.util.Arrays.copyOf(data, data.length / 2);
            case EXTRA_BLOCKS -> {
                byte[] more = java.util.Arrays.copyOf(data, data.length + 16);
                more[data.length] = 42;
                data = more;
            }
            case WRONG_ROOT -> data = decoy.data();
            case WRONG_CONTENT_TYPE -> {
                send(ex, 200, "text/html", data);
                return;
            }
            case STALL_BODY -> {
                stallAfter(ex, "application/vnd.ipld.raw", data, data.length / 2);
                return;
            }
            default -> {
            }
        }
        send(ex, 200, "application/vnd.ipld.raw", data);
    }

    private void serveCar(HttpExchange ex, Mode m, Cid root, String scope) throws IOException {
        List<Block> blocks = dag(store, root, scope);
        Cid headerRoot = root;
        switch (m) {
            case EXTRA_BLOCKS -> {
                blocks = new ArrayList<>(blocks);
                blocks.add(1, decoy);
            }
            case WRONG_ROOT -> {
                headerRoot = decoy.cid();
                blocks = List.of(decoy);
            }
            case TRUNCATED_AT_BOUNDARY -> blocks = blocks.subList(0, 1);
            case GOOD_UNORDERED -> blocks = blocks.reversed();
            default -> {
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter w = CarWriter.open(out, List.of(headerRoot))) {
            for (Block b : blocks) {
                w.write(b);
            }
        }
        byte[] car = out.toByteArray();
        if (m == Mode.WRONG_BYTES) {
            car[car.length - 1] ^= 1; // the last byte is data of the last section
        }
        String type = "application/vnd.ipld.car; version=1; order=dfs; dups=n";
        switch (m) {
            case TRUNCATED -> car = java.util.Arrays.copyOf(car, car.length - 5); // inside the last section
            case WRONG_CONTENT_TYPE -> type = "text/html";
            case GOOD_UNORDERED -> type = "application/vnd.ipld.car; version=1";
            case STALL_BODY -> {
                stallAfter(ex, type, car, car.length / 2);
                return;
            }
            default -> {
            }
        }
        send(ex, 200, type, car);
    }

    /**
     * The scoped DAG in dfs pre-order without duplicates, identity blocks left out (as the spec says). Entity:
     * a UnixFS file's nodes, a HAMT's shards; nothing below a plain directory.
     */
    public static List<Block> dag(Blockstore store, Cid root, String scope) {
        List<Block> out = new ArrayList<>();
        Set<Multihash> seen = new HashSet<>();
        dfs(store, root, scope, out, seen);
        return out;
    }

    private static void dfs(Blockstore store, Cid cid, String scope, List<Block> out, Set<Multihash> seen) {
        if (cid.isIdentity() || !seen.add(cid.multihash())) {
            return;
        }
        Optional<Block> b = store.get(cid);
        if (b.isEmpty()) {
            return; // a gateway lacking a child ends the stream there
        }
        out.add(b.get());
        List<Cid> children = switch (scope) {
            case "block" -> List.of();
            case "entity" -> entityChildren(b.get());
            default -> Links.of(b.get());
        };
        for (Cid c : children) {
            dfs(store, c, scope, out, seen);
        }
    }

    private static List<Cid> entityChildren(Block b) {
        if (b.cid().codec() != Multicodec.DAG_PB.code()) {
            return List.of();
        }
        PbNode node = PbCodec.decode(b.data());
        UnixfsData d = UnixfsDataCodec.decode(node.data());
        return switch (d.type()) {
            case FILE, RAW -> node.links().stream().map(PbLink::hash).toList();
            case HAMT_SHARD -> node.links().stream().filter(l -> l.name().length() == 2).map(PbLink::hash).toList();
            default -> List.of();
        };
    }

    private void stallAfter(HttpExchange ex, String type, byte[] body, int sendFirst) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        OutputStream os = ex.getResponseBody();
        os.write(body, 0, Math.max(1, sendFirst));
        os.flush();
        awaitClose();
    }

    private void awaitClose() {
        try {
            closed.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
