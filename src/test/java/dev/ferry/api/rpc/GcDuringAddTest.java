package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.content.Pinner;
import dev.ferry.store.PinType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection running over and over while adds, block puts and dag imports run: nothing pinned is lost. */
@Timeout(180)
class GcDuringAddTest {
    @TempDir
    Path tmp;

    @Test
    void gcNeverDeletesWhatAnAddIsAboutToPin() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            AtomicBoolean adding = new AtomicBoolean(true);
            AtomicInteger collections = new AtomicInteger();
            ConcurrentHashMap<String, byte[]> added = new ConcurrentHashMap<>();
            List<String> directs = java.util.Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<?> gc = pool.submit(() -> {
                    while (adding.get()) {
                        var res = n.post("repo/gc", "");
                        assertThat(res.statusCode()).isEqualTo(200);
                        collections.incrementAndGet();
                    }
                    return null;
                });
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    int seed = w;
                    writers.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        for (int i = 0; i < 8; i++) {
                            byte[] data = new byte[20_000 + rnd.nextInt(20_000)];
                            rnd.nextBytes(data);
                            var res = n.postMultipart("add", "chunker=size-1024",
                                    new RpcTestNode.Multipart().file("f", data).build());
                            assertThat(res.statusCode()).isEqualTo(200);
                            added.put(RpcTestNode.ndjson(res).getLast().get("Hash").asText(), data);
                            byte[] block = new byte[100];
                            rnd.nextBytes(block);
                            JsonNode put = RpcTestNode.json(n.postMultipart("block/put", "pin=true",
                                    new RpcTestNode.Multipart().file("", block).build()));
                            directs.add(put.get("Key").asText());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : writers) {
                    f.get();
                }
                adding.set(false);
                gc.get();
            }
            assertThat(collections.get()).isPositive();
            assertThat(added).hasSize(24);
            Pinner pinner = new Pinner(n.node.repo().blocks(), n.node.repo().pins());
            assertThat(pinner.verify()).allSatisfy(h -> assertThat(h.ok()).as(h.cid() + ": " + h.problem()).isTrue());
            for (var e : added.entrySet()) {
                Cid root = Cid.parse(e.getKey());
                assertThat(n.node.repo().pins().isPinned(root, PinType.RECURSIVE)).isTrue();
                assertThat(n.post("cat", "arg=" + root + "&timeout=1s").body()).isEqualTo(e.getValue());
            }
            for (String d : directs) {
                assertThat(n.node.repo().blocks().has(Cid.parse(d))).isTrue();
            }
        }
    }
}
