package dev.ferry.net.mux.yamux;

import static dev.ferry.net.mux.yamux.YamuxTestSupport.NO_KEEPALIVE;
import static dev.ferry.net.mux.yamux.YamuxTestSupport.async;
import static dev.ferry.net.mux.yamux.YamuxTestSupport.pair;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Virtual threads must not pin their carrier while blocked in the session (JFR jdk.VirtualThreadPinned). */
@Timeout(60)
class YamuxPinningTest {

    @Test
    void concurrentStreamsDoNotPinCarriers() throws Exception {
        Path file = Files.createTempFile("yamux-pinning", ".jfr");
        try (Recording rec = new Recording()) {
            rec.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ofMillis(1)).withStackTrace();
            rec.start();
            try (var p = pair(NO_KEEPALIVE, YamuxTestSupport::echo)) {
                List<CompletableFuture<Integer>> all = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    all.add(async(() -> {
                        YamuxStream s = p.client().openStream();
                        CompletableFuture<byte[]> back = async(() -> s.in().readAllBytes());
                        s.out().write(new byte[700 * 1024]); // several windows: writers and readers block a lot
                        s.closeWrite();
                        return back.get(30, TimeUnit.SECONDS).length;
                    }));
                }
                for (var f : all) {
                    assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(700 * 1024);
                }
                p.client().ping();
            }
            rec.stop();
            rec.dump(file);
        }
        List<String> pinnedInFerry = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                    .anyMatch(f -> f.getMethod().getType().getName().startsWith("dev.ferry."))) {
                pinnedInFerry.add(e.toString());
            }
        }
        Files.deleteIfExists(file);
        assertThat(pinnedInFerry).isEmpty();
    }
}
