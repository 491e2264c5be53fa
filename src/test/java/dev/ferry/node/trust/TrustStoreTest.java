package dev.ferry.node.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.identity.Did;
import dev.ferry.testing.ManualClock;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {
    // did:key vectors (SPECS.md §23): seeds 00…00 and 00…01
    static final Did ZERO = Did.parse("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
    static final Did ONE = Did.parse("did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG");
    static final Did TWO = Did.parse("did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf");

    @TempDir
    Path dir;

    @Test
    void setRemoveAndListWithUnknownDidsAtZero() throws Exception {
        TrustStore store = TrustStore.open(dir);
        assertThat(store.levelOf(ZERO)).isZero();
        assertThat(store.entries()).isEmpty();
        assertThat(Files.exists(dir.resolve("trust.json"))).isFalse();
        store.set(ZERO, 3);
        store.set(ONE, 10);
        store.set(TWO, 0);
        assertThat(store.levelOf(ZERO)).isEqualTo(3);
        assertThat(store.levelOf(ONE)).isEqualTo(10);
        assertThat(store.entries()).containsExactly(java.util.Map.entry(ONE, 10), java.util.Map.entry(ZERO, 3),
                java.util.Map.entry(TWO, 0));
        store.set(ZERO, 4);
        assertThat(store.levelOf(ZERO)).isEqualTo(4);
        assertThat(store.remove(ZERO)).isTrue();
        assertThat(store.remove(ZERO)).isFalse();
        assertThat(store.levelOf(ZERO)).isZero();
        // the file holds what a fresh store sees, in the documented shape
        String json = Files.readString(dir.resolve("trust.json"));
        assertThat(json).contains("\"Version\" : 1").contains("\"" + ONE + "\" : 10");
        assertThat(TrustStore.open(dir).entries()).containsOnlyKeys(ONE, TWO);
    }

    @Test
    void levelsOutsideZeroToTenAreRefused() {
        TrustStore store = TrustStore.open(dir);
        assertThatThrownBy(() -> store.set(ZERO, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.set(ZERO, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.entries()).isEmpty();
        store.set(ZERO, 10);
        store.set(ONE, 0);
        assertThat(store.levelOf(ZERO)).isEqualTo(10);
    }

    @Test
    void invalidFilesAreRefused() throws Exception {
        Path f = dir.resolve("trust.json");
        for (String bad : List.of("not json", "[]", "{\"Version\":2,\"Trust\":{}}", "{\"Trust\":{}}",
                "{\"Version\":1,\"Trust\":[]}", "{\"Version\":1,\"Trust\":{\"did:key:zBad\":1}}",
                "{\"Version\":1,\"Trust\":{\"12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN\":1}}",
                "{\"Version\":1,\"Trust\":{\"" + ZERO + "\":11}}",
                "{\"Version\":1,\"Trust\":{\"" + ZERO + "\":\"5\"}}",
                "{\"Version\":1,\"Trust\":{\"" + ZERO + "\":2.5}}",
                "{\"Version\":1,\"Trust\":{\"" + ZERO + "\":1,\"" + ZERO + "\":2}}")) {
            Files.writeString(f, bad);
            assertThatThrownBy(() -> TrustStore.open(dir)).as(bad).isInstanceOf(TrustFileException.class);
        }
        Files.write(f, new byte[(int) TrustStore.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> TrustStore.open(dir)).hasMessageContaining("larger");
        Files.writeString(f, "{\"Version\":1,\"Trust\":{\"" + ZERO + "\":5}}");
        assertThat(TrustStore.open(dir).levelOf(ZERO)).isEqualTo(5);
    }

    @Test
    void writesAreAtomicReplacementsAndLeaveNoTemporaryFiles() throws Exception {
        TrustStore store = TrustStore.open(dir);
        Object before = null;
        for (int i = 0; i <= 10; i++) {
            store.set(ZERO, i);
            Object key = Files.readAttributes(dir.resolve("trust.json"),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            if (before != null && key != null) {
                assertThat(key).as("a new file renamed over the old one").isNotEqualTo(before);
            }
            before = key;
            assertThat(TrustStore.decode(Files.readAllBytes(dir.resolve("trust.json")), "t")).containsEntry(ZERO, i);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("trust.json",
                    "trust.lock");
        }
    }

    @Test
    void reloadsWhenAnotherWriterChangesTheFile() throws Exception {
        ManualClock clock = new ManualClock();
        TrustStore daemon = TrustStore.open(dir.resolve("trust.json"), clock, Duration.ofSeconds(1));
        TrustStore cli = TrustStore.open(dir);
        assertThat(daemon.levelOf(ONE)).isZero();
        cli.set(ONE, 7);
        assertThat(daemon.levelOf(ONE)).as("checked at most once a second").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(daemon.levelOf(ONE)).isEqualTo(7);
        // a hand edit
        Files.writeString(dir.resolve("trust.json"), "{\"Version\":1,\"Trust\":{\"" + TWO + "\":2}}",
                StandardCharsets.UTF_8);
        clock.advance(Duration.ofSeconds(1));
        assertThat(daemon.levelOf(ONE)).isZero();
        assertThat(daemon.levelOf(TWO)).isEqualTo(2);
        // a broken hand edit keeps the last good levels
        Files.writeString(dir.resolve("trust.json"), "{\"Version\":1,\"Trust\":{\"" + TWO + "\":", StandardCharsets.UTF_8);
        clock.advance(Duration.ofSeconds(1));
        assertThat(daemon.levelOf(TWO)).isEqualTo(2);
        // the file removed: nobody is trusted
        Files.delete(dir.resolve("trust.json"));
        daemon.reload();
        assertThat(daemon.levelOf(TWO)).isZero();
    }

    @Test
    void concurrentWritersDoNotLoseEachOthersEdits() throws Exception {
        List<Did> dids = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) i;
            dids.add(Did.of(Ed25519PrivateKey.fromSeed(seed).publicKey()));
        }
        TrustStore a = TrustStore.open(dir);
        TrustStore b = TrustStore.open(dir);
        List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < dids.size(); i++) {
                Did d = dids.get(i);
                TrustStore s = i % 2 == 0 ? a : b;
                int level = i % 11;
                writes.add(pool.submit(() -> s.set(d, level)));
            }
            for (var w : writes) {
                w.get(); // a failed write fails the test
            }
        }
        TrustStore fresh = TrustStore.open(dir);
        for (int i = 0; i < dids.size(); i++) {
            assertThat(fresh.levelOf(dids.get(i))).isEqualTo(i % 11);
        }
    }

    @Test
    void peersAreLookedUpByTheDidOfTheirKey() {
        TrustStore store = TrustStore.open(dir);
        PeerId zeroPeer = PeerId.parse("12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN"); // seed 00…00
        store.set(ZERO, 6);
        TrustLevels levels = store;
        assertThat(levels.levelOf(zeroPeer)).isEqualTo(6);
        assertThat(levels.levelOf(PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"))).as("RSA").isZero();
    }
}
