package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB add over the RPC API in a JVM with a 256 MiB heap: the upload is streamed end to end. */
@Timeout(300)
class AddSmallHeapTest {
    static final long SIZE = 1L << 30;

    @TempDir
    Path tmp;

    @Test
    void oneGibibyteAddRunsInA256MibHeap() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                AddSmallHeapTest.class.getName(), tmp.resolve("repo").toString())
                .redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("added 1073741824 bytes");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Runs in the small-heap JVM: a node, one streamed 1 GiB add (zeros: few distinct blocks on disk), checks. */
    public static void main(String[] args) throws Exception {
        // the block store's group commit buffers up to this much before writing: kept small for a small heap
        try (RpcTestNode n = RpcTestNode.start(Path.of(args[0]), MultipartLimits.defaults(),
                c -> c.set("Datastore.GroupCommitBytes", com.fasterxml.jackson.databind.node.LongNode.valueOf(4L << 20)))) {
            InputStream body = new SequenceInputStream(Collections.enumeration(List.of(
                    new ByteArrayInputStream(("--" + RpcTestNode.BOUNDARY
                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"zeros\"\r\n"
                            + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8)),
                    new AddRpcTest.ZeroStream(SIZE),
                    new ByteArrayInputStream(("\r\n--" + RpcTestNode.BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8)))));
            var res = n.send(HttpRequest.newBuilder(n.uri("add", "progress=true"))
                    .header("Content-Type", "multipart/form-data; boundary=" + RpcTestNode.BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build());
            if (res.statusCode() != 200) {
                throw new AssertionError("add answered " + res.statusCode());
            }
            List<JsonNode> lines = RpcTestNode.ndjson(res);
            String root = lines.getLast().get("Hash").asText();
            JsonNode stat = RpcTestNode.json(n.post("files/stat", "arg=/ipfs/" + root));
            if (stat.get("Size").asLong() != SIZE) {
                throw new AssertionError("stat says " + stat);
            }
            byte[] tail = n.post("cat", "arg=" + root + "&offset=" + (SIZE - 10)).body();
            if (tail.length != 10) {
                throw new AssertionError("tail is " + tail.length + " bytes");
            }
            System.out.println("added " + stat.get("Size").asLong() + " bytes as " + root + ", max heap "
                    + Runtime.getRuntime().maxMemory());
        }
    }
}
