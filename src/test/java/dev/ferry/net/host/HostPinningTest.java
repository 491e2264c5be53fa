package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.ping.PingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A busy pair of hosts must never pin a virtual thread to its carrier inside ferry code (JFR jdk.VirtualThreadPinned). */
@Timeout(120)
class HostPinningTest {

    static boolean inFerry(RecordedEvent e) {
        if (e.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String type = f.getMethod() == null ? "" : f.getMethod().getType().getName();
            // the test's own driver lambdas are not the code under test
            if (type.startsWith("dev.ferry.") && !type.startsWith(HostPinningTest.class.getName())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void busyHostsDoNotPinVirtualThreads() throws Exception {
        // warm-up: first use loads and initialises classes, which may briefly pin; steady state must not
        runBusyPair(4);
        List<RecordedEvent> pinned = new CopyOnWriteArrayList<>();
        try (RecordingStream rs = new RecordingStream()) {
            rs.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            rs.onEvent("jdk.VirtualThreadPinned", pinned::add);
            rs.startAsync();
            runBusyPair(40);
            rs.stop(); // flushes: every event recorded so far has been delivered
        }
        List<RecordedEvent> ours = pinned.stream().filter(HostPinningTest::inFerry).toList();
        assertThat(ours).as("pinned virtual threads in ferry code: %s", ours).isEmpty();
    }

    static void runBusyPair(int streams) throws Exception {
        try (TestHosts hosts = new TestHosts()) {
            Host a = hosts.start();
            Host b = hosts.start();
            IdentifyService ia = IdentifyService.install(a);
            IdentifyService.install(b);
            PingService pa = PingService.install(a);
            PingService.install(b);
            b.setHandler(HostTest.ECHO, HostTest::echo);
            a.connect(TestHosts.dialable(b));
            ia.awaitIdentified(b.peerId(), Duration.ofSeconds(10));
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                int seed = i;
                work.add(CompletableFuture.runAsync(() -> {
                    try (NegotiatedStream s = a.newStream(b.peerId(), HostTest.ECHO)) {
                        byte[] data = new byte[300_000];
                        new Random(seed).nextBytes(data);
                        CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                            try {
                                return s.in().readAllBytes();
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        }, r -> Thread.ofVirtual().start(r));
                        s.out().write(data);
                        s.closeWrite();
                        // no AssertJ here: its lazy class loading would itself pin this virtual thread
                        if (!java.util.Arrays.equals(back.get(30, TimeUnit.SECONDS), data)) {
                            throw new IllegalStateException("echo differs");
                        }
                        if (seed % 10 == 0) {
                            pa.ping(b.peerId());
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, r -> Thread.ofVirtual().start(r)));
            }
            for (CompletableFuture<Void> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }
}
