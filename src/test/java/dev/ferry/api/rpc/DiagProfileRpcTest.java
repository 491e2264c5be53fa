package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.metrics.NodeMetrics;
import dev.ferry.api.profile.Profiler;
import dev.ferry.net.pnet.SwarmKey;
import dev.ferry.node.repo.JsonTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code diag/profile} over HTTP: the zip, its secrets kept out, one profile at a time, bad options. */
@Timeout(120)
class DiagProfileRpcTest {
    private static final String AUTH_SECRET = "bearer:profile-test-auth-secret-1c9e";
    private static final String PIN_KEY = "profile-test-pinning-key-77af";

    @TempDir
    Path tmp;

    /** A node whose profiles keep their scratch files under {@code tmp/scratch}, which a test can watch. */
    private RpcTestNode start(java.util.function.Consumer<dev.ferry.node.repo.RepoConfig> config) throws IOException {
        RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"), MultipartLimits.defaults(), config);
        Files.createDirectories(scratch());
        DiagProfileRpc.install(n.server, n.node, "0.0.0-test", new NodeMetrics(n.node, "0.0.0-test"), scratch());
        return n;
    }

    private Path scratch() {
        return tmp.resolve("scratch");
    }

    private List<Path> scratchLeft() throws IOException {
        try (Stream<Path> s = Files.list(scratch())) {
            return s.toList();
        }
    }

    @Test
    void aShortProfileIsAZipOfEveryCollectorWithoutTheNodesSecrets() throws Exception {
        String swarmKey = SwarmKey.generate(new SecureRandom()).encode();
        JsonNode auth = JsonTree.read("{\"ci\": {\"AuthSecret\": \"" + AUTH_SECRET
                + "\", \"AllowedPaths\": [\"/api/v0\"]}}");
        JsonNode services = JsonTree.read("{\"far\": {\"API\": {\"Endpoint\": \"http://127.0.0.1:9\","
                + " \"Key\": \"" + PIN_KEY + "\"}}}");
        Files.createDirectories(tmp.resolve("repo"));
        try (RpcTestNode n = start(c -> {
            c.set("API.Authorizations", auth);
            c.set("Pinning.RemoteServices", services);
            try {
                Files.writeString(tmp.resolve("repo").resolve("swarm.key"), swarmKey);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })) {
            // the node's key in the forms it could leak in: Kubo's config field (base64), hex, raw
            byte[] key = n.node.identity().privateKey().marshal();
            List<String> privKey = List.of(java.util.Base64.getEncoder().encodeToString(key),
                    java.util.HexFormat.of().formatHex(key), new String(key, StandardCharsets.ISO_8859_1));
            CountDownLatch release = new CountDownLatch(1);
            Thread sleeper = Thread.ofVirtual().name("profile-test-sleeper").start(() -> {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // the test is over
                }
            });
            AtomicBoolean spin = new AtomicBoolean(true);
            Thread spinner = Thread.ofPlatform().name("profile-test-spinner").start(() -> {
                long x = 0;
                while (spin.get()) {
                    x += Long.numberOfTrailingZeros(System.nanoTime());
                }
                assertThat(x).isNotNegative();
            });
            HttpResponse<byte[]> res;
            try {
                res = n.post("diag/profile", "profile-time=1s");
            } finally {
                release.countDown();
                spin.set(false);
                sleeper.join();
                spinner.join();
            }
            assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).contains("application/zip");
            Map<String, byte[]> zip = unzip(res.body());
            assertThat(zip.keySet()).containsExactly("threads.txt", "threads.json", "version.json",
                    "heap-histogram.txt", "config.json", "metrics.txt", "cmds.json", "peers.json",
                    "runtime-samples.csv", "profile.jfr", "README.txt");

            String threads = text(zip, "threads.txt");
            assertThat(threads).contains("profile-test-sleeper").contains("profile-test-spinner");
            assertThat(text(zip, "threads.json")).contains("\"profile-test-sleeper\"");
            JsonTree.read(text(zip, "threads.json"));
            assertThat(text(zip, "heap-histogram.txt")).contains("java.lang.String");

            JsonNode version = JsonTree.read(text(zip, "version.json"));
            assertThat(version.get("Version").asText()).isEqualTo("0.0.0-test");
            assertThat(version.at("/Java/Version").asText()).isEqualTo(Runtime.version().toString());
            assertThat(version.at("/Sys/net").has("interface_addresses")).isFalse();
            JsonNode config = JsonTree.read(text(zip, "config.json"));
            assertThat(config.at("/Identity").has("PrivKey")).isFalse();
            assertThat(config.at("/Identity/PeerID").asText()).isEqualTo(n.node.identity().peerId().toString());
            assertThat(config.at("/API/Authorizations/ci/AuthSecret").asText()).isEqualTo("[redacted]");
            assertThat(text(zip, "metrics.txt")).contains("ferry_swarm_peers");
            assertThat(JsonTree.read(text(zip, "cmds.json")).findValuesAsText("Command")).contains("diag/profile");
            assertThat(JsonTree.read(text(zip, "peers.json")).get("Peers").asInt()).isNotNegative();
            List<String> samples = text(zip, "runtime-samples.csv").lines().toList();
            assertThat(samples.getFirst()).startsWith("time,heap_used_bytes,");
            assertThat(samples.size()).isGreaterThanOrEqualTo(3); // a line at the start, after 1s, and the header

            Path jfr = tmp.resolve("profile.jfr");
            Files.write(jfr, zip.get("profile.jfr"));
            List<String> types = RecordingFile.readAllEvents(jfr).stream()
                    .map(e -> e.getEventType().getName()).distinct().toList();
            assertThat(types).contains("jdk.ExecutionSample");
            assertThat(types).doesNotContain("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty",
                    "jdk.SystemProcess", "jdk.JVMInformation");
            assertThat(RecordingFile.readAllEvents(jfr).stream().filter(e -> e.getEventType().getName()
                    .equals("jdk.ExecutionSample")).map(DiagProfileRpcTest::threadName))
                    .contains("profile-test-spinner");

            String readme = text(zip, "README.txt");
            assertThat(readme.lines()).anyMatch(l -> l.matches(" +threads\\.txt +goroutines-stack +.*"))
                    .anyMatch(l -> l.matches(" +profile\\.jfr +cpu +.*"))
                    .anyMatch(l -> l.matches(" +profile\\.jfr +trace +.*"))
                    .anyMatch(l -> l.matches(" +config\\.json +config +.*"));
            assertThat(readme).doesNotContain("Skipped").doesNotContain("Failed");

            String swarmHex = swarmKey.strip().lines().toList().getLast();
            for (var e : zip.entrySet()) {
                String content = new String(e.getValue(), StandardCharsets.ISO_8859_1);
                assertThat(content).as(e.getKey()).doesNotContain(AUTH_SECRET).doesNotContain(PIN_KEY)
                        .doesNotContain(privKey.toArray(String[]::new)).doesNotContain(swarmHex);
            }
            assertThat(scratchLeft()).isEmpty();
            assertThat(Profiler.running()).isFalse();
        }
    }

    private static String threadName(RecordedEvent e) {
        return e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
    }

    @Test
    void profileTimeZeroSkipsWhatSamplesAndBinIsAcceptedButSkipped() throws Exception {
        try (RpcTestNode n = start(c -> { })) {
            HttpResponse<byte[]> res = n.post("diag/profile",
                    "profile-time=0&collectors=goroutines-stack&collectors=cpu,bin,peers");
            assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
            Map<String, byte[]> zip = unzip(res.body());
            assertThat(zip.keySet()).containsExactly("threads.txt", "peers.json", "README.txt");
            String readme = text(zip, "README.txt");
            assertThat(readme.lines()).anyMatch(l -> l.matches(" +bin +not applicable: .*"))
                    .anyMatch(l -> l.matches(" +cpu +the profile time is 0.*"));
            assertThat(readme).contains("collectors: goroutines-stack,bin,cpu,peers");
            assertThat(scratchLeft()).isEmpty();
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsCollected() throws Exception {
        try (RpcTestNode n = start(c -> { })) {
            Map<String, String> refusals = new LinkedHashMap<>();
            refusals.put("collectors=cpu,bogus", "unknown collector 'bogus'");
            refusals.put("collectors=heap-dump", "collector 'heap-dump' is not offered");
            refusals.put("collectors=,", "no collector named");
            refusals.put("profile-time=6m", "profile time 6m0s is longer than the 5m0s allowed");
            refusals.put("profile-time=soon", "failed to parse profile time \"soon\"");
            refusals.put("profile-time=-1s", "cannot be negative");
            refusals.put("mutex-profile-fraction=half", "mutex profile fraction must be a whole number");
            refusals.put("block-profile-rate=fast", "failed to parse block profile rate \"fast\"");
            refusals.put("collector=cpu", "unknown option \"collector\"");
            for (var r : refusals.entrySet()) {
                HttpResponse<byte[]> res = n.post("diag/profile", r.getKey());
                assertThat(res.statusCode()).as(r.getKey()).isEqualTo(400);
                assertThat(RpcTestNode.json(res).get("Message").asText()).as(r.getKey()).contains(r.getValue());
            }
            assertThat(scratchLeft()).isEmpty();
        }
    }

    @Test
    void aSecondProfileWhileOneIsTakenIsRefused() throws Exception {
        try (RpcTestNode n = start(c -> { })) {
            CompletableFuture<HttpResponse<byte[]>> first = n.http.sendAsync(
                    HttpRequest.newBuilder(n.uri("diag/profile", "profile-time=3s&collectors=cpu"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long until = System.nanoTime() + 10_000_000_000L;
            while (!Profiler.running()) {
                assertThat(System.nanoTime()).as("the first profile started").isLessThan(until);
                Thread.sleep(10);
            }
            HttpResponse<byte[]> second = n.post("diag/profile", "profile-time=0&collectors=version");
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(RpcTestNode.json(second).get("Message").asText()).contains("a profile is being taken already");

            HttpResponse<byte[]> done = first.get();
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(unzip(done.body()).keySet()).containsExactly("runtime-samples.csv", "profile.jfr", "README.txt");
            // the slot is free again
            assertThat(n.post("diag/profile", "profile-time=0&collectors=version").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatGoesAwayEndsTheRecordingAndFreesTheSlot() throws Exception {
        try (RpcTestNode n = start(c -> { })) {
            try (Socket s = new Socket("127.0.0.1", n.server.address().getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/v0/diag/profile?profile-time=60s&collectors=cpu HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] head = in.readNBytes(12);
                assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
            }
            long gone = System.nanoTime();
            while (Profiler.running()) {
                assertThat(System.nanoTime() - gone).as("the profile ended").isLessThan(15_000_000_000L);
                Thread.sleep(50);
            }
            assertThat(scratchLeft()).isEmpty();
            assertThat(jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings())
                    .noneMatch(r -> r.getName().equals("ferry diag profile"));
            assertThat(n.post("diag/profile", "profile-time=0&collectors=version").statusCode()).isEqualTo(200);
        }
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        // the central directory too: the zip is whole, not only its entries
        Path file = Files.createTempFile("profile-", ".zip");
        try {
            Files.write(file, zip);
            try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
                assertThat(z.stream().map(ZipEntry::getName).toList()).containsExactlyElementsOf(out.keySet());
            }
        } finally {
            Files.delete(file);
        }
        return out;
    }

    private static String text(Map<String, byte[]> zip, String name) {
        assertThat(zip).containsKey(name);
        return new String(zip.get(name), StandardCharsets.UTF_8);
    }

}
