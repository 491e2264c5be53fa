package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.multiformats.Cid;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process at random moments and checks what survives: every block (and pin) reported as synced is
 * there and verifies, and no visible block is corrupt. A kill keeps the page cache, so this proves the atomic
 * visibility (temp + rename, leftover temps removed) and the barrier order, not power-loss durability, which needs
 * the syncfs/fsync calls the package documentation describes.
 */
@Tag("slow")
class FileBlockstoreCrashTest {
    private static final int KILLS = 12;

    @TempDir
    Path dir;

    @Test
    void syncedBlocksSurviveKillsAndNothingCorruptIsVisible() throws Exception {
        Random random = new Random(20261126);
        Set<Cid> synced = new HashSet<>();
        Set<Cid> pinned = new HashSet<>();
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        for (int round = 0; round < KILLS; round++) {
            String mode = round % 3 == 2 ? "FSYNC_EACH" : "AUTO";
            Path stderr = dir.resolve("child-" + round + ".err");
            Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", classpath,
                    FileBlockstoreCrashChild.class.getName(), dir.resolve("store").toString(),
                    Long.toString(random.nextLong()), mode)
                    .redirectError(stderr.toFile())
                    .start();
            // lines (progress marks and results) to see before the kill: a random moment in a put, a sync or a pin
            int killAfter = 10 + random.nextInt(150);
            CountDownLatch enough = new CountDownLatch(1);
            List<String> lines = new ArrayList<>();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    int seen = 0;
                    while ((line = in.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (++seen >= killAfter) {
                            enough.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the pipe breaks when the child dies
                } finally {
                    enough.countDown();
                }
            });
            try {
                if (!enough.await(60, TimeUnit.SECONDS)) {
                    fail("child made no progress in 60 s: " + Files.readString(stderr));
                }
                if (!child.isAlive()) {
                    fail("child died on its own: " + Files.readString(stderr));
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            synchronized (lines) {
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[2].equals(".")) { // complete lines only
                        (parts[0].equals("S") ? synced : pinned).add(Cid.parse(parts[1]));
                    }
                }
            }
            checkStore(synced, pinned);
        }
        assertThat(synced.size()).isGreaterThanOrEqualTo(KILLS);
    }

    private void checkStore(Set<Cid> synced, Set<Cid> pinned) throws IOException {
        try (FileBlockstore store = FileBlockstore.open(dir.resolve("store"), FileBlockstoreConfig.defaults())) {
            assertThat(FileBlockstoreTest.writtenTemps(dir.resolve("store"))).isEmpty();
            for (Cid c : synced) {
                assertThat(store.get(c)).as("synced block %s", c).isPresent(); // get verifies the bytes
            }
            int visible = 0;
            try (Stream<Cid> cids = store.cids()) {
                for (Cid c : (Iterable<Cid>) cids::iterator) {
                    assertThat(store.get(c)).isPresent(); // throws InvalidBlockException on a corrupt file
                    visible++;
                }
            }
            assertThat(visible).isGreaterThanOrEqualTo(synced.size());
        }
        try (FilePinStore pins = FilePinStore.open(dir.resolve("store/pins"))) {
            assertThat(pins.list().keySet()).containsAll(pinned);
        }
    }
}
