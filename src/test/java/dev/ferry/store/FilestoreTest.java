package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filestore on its own: its index on disk, reads verified against the files, and the combined block store. */
class FilestoreTest {
    @TempDir
    Path tmp;

    private byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = tmp.resolve("data").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    private static Cid rawCid(byte[] data) {
        return Cid.of(1, Multicodec.RAW.code(), data);
    }

    private Filestore open() {
        return Filestore.open(tmp.resolve("repo/filestore"), tmp);
    }

    @Test
    void blocksAreReadFromTheirFileAndVerified() throws IOException {
        byte[] content = random(3000, 1);
        Path f = file("a.bin", content);
        Cid first = rawCid(Arrays.copyOfRange(content, 0, 1000));
        Cid second = rawCid(Arrays.copyOfRange(content, 1000, 3000));
        try (Filestore fs = open()) {
            fs.put(first, f, 0, 1000);
            fs.put(second, f, 1000, 2000);
            assertThat(fs.has(second)).isTrue();
            assertThat(fs.size(second)).hasValue(2000);
            assertThat(fs.get(second).orElseThrow().data()).isEqualTo(Arrays.copyOfRange(content, 1000, 3000));
            // a CIDv0/other codec of the same multihash names the same entry, as in the block store
            Cid asPb = Cid.v1(Multicodec.DAG_PB.code(), first.multihash());
            assertThat(fs.get(asPb).orElseThrow().cid()).isEqualTo(asPb);
            assertThat(fs.list(first, false)).isEqualTo(new FilestoreListing(FilestoreStatus.OK, "", first,
                    "data/a.bin", 0, 1000));
            assertThat(fs.list(first, false).formatLong()).isEqualTo(String.format("%-50s %6d %s %d", first, 1000,
                    "data/a.bin", 0));
            assertThat(fs.get(rawCid(new byte[] {1}))).isEmpty();
        }
    }

    @Test
    void entriesAreDurableAcrossReopenAndLeftoverTempFilesGo() throws IOException {
        byte[] content = random(500, 2);
        Path f = file("b.bin", content);
        Cid cid = rawCid(content);
        try (Filestore fs = open()) {
            fs.put(cid, f, 0, 500);
            fs.sync();
            assertThat(fs.index().pendingCount()).isZero();
        }
        // a record written but never committed (a crash before the add's sync) is dropped at open
        Path temp = tmp.resolve("repo/filestore/.temp");
        Files.createDirectories(temp);
        Files.write(temp.resolve("LEFTOVER.1"), new byte[] {1, 2, 3});
        try (Filestore fs = open()) {
            assertThat(fs.get(cid).orElseThrow().data()).isEqualTo(content);
            try (Stream<Cid> cids = fs.cids()) {
                assertThat(cids.toList()).containsExactly(cid);
            }
            assertThat(temp).isEmptyDirectory();
        }
    }

    @Test
    void pendingRecordsAreCommittedPastTheLimitAndListedBeforeSync() throws IOException {
        byte[] content = random(FilestoreIndex.PENDING_LIMIT + 10, 3);
        Path f = file("c.bin", content);
        try (Filestore fs = open()) {
            for (int i = 0; i < FilestoreIndex.PENDING_LIMIT + 10; i++) {
                fs.put(rawCid(new byte[] {content[i], (byte) i, (byte) (i >> 8)}), f, i, 3);
            }
            assertThat(fs.index().pendingCount()).isLessThan(FilestoreIndex.PENDING_LIMIT);
            try (Stream<Cid> cids = fs.cids()) {
                assertThat(cids.count()).isEqualTo(FilestoreIndex.PENDING_LIMIT + 10);
            }
        }
    }

    @Test
    void aChangedShortenedOrMissingFileIsReportedNotServed() throws IOException {
        byte[] content = random(2000, 4);
        Path f = file("d.bin", content);
        Cid cid = rawCid(Arrays.copyOfRange(content, 1000, 2000));
        try (Filestore fs = open()) {
            fs.put(cid, f, 1000, 1000);
            assertThat(fs.list(cid, true).status()).isEqualTo(FilestoreStatus.OK);

            byte[] changed = content.clone();
            changed[1500] ^= 1;
            Files.write(f, changed);
            assertThatThrownBy(() -> fs.get(cid)).isInstanceOf(FilestoreReferenceException.class)
                    .hasMessage("data in file did not match. data/d.bin offset 1000")
                    .satisfies(e -> assertThat(((FilestoreReferenceException) e).status()).isEqualTo(FilestoreStatus.CHANGED));
            FilestoreListing v = fs.list(cid, true);
            assertThat(v.status()).isEqualTo(FilestoreStatus.CHANGED);
            assertThat(v.formatVerify()).startsWith("changed " + cid);

            Files.write(f, Arrays.copyOf(content, 1500));
            assertThat(fs.list(cid, true).status()).isEqualTo(FilestoreStatus.CHANGED);

            Files.delete(f);
            assertThat(fs.list(cid, true).status()).isEqualTo(FilestoreStatus.NO_FILE);
            assertThat(fs.list(cid, true).formatVerify()).startsWith("no-file " + cid);
            assertThat(fs.has(cid)).isTrue(); // the entry stays: the file may come back

            Files.write(f, content);
            assertThat(fs.get(cid).orElseThrow().data()).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
        }
    }

    @Test
    void filesOutsideTheRootAreRefusedWithKubosError() throws IOException {
        Path inside = file("e.bin", new byte[] {1});
        try (Filestore fs = Filestore.open(tmp.resolve("repo/filestore"), tmp.resolve("data"))) {
            fs.put(rawCid(new byte[] {1}), inside, 0, 1);
            Path outside = tmp.resolve("elsewhere.bin");
            assertThatThrownBy(() -> fs.put(rawCid(new byte[] {1}), outside, 0, 1))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("cannot add filestore references outside ipfs root (" + tmp.resolve("data") + ")");
            assertThatThrownBy(() -> fs.relativePath(tmp.resolve("data/../elsewhere.bin")))
                    .hasMessageStartingWith("cannot add filestore references outside ipfs root");
            assertThatThrownBy(() -> fs.relativePath(tmp.resolve("data-other/x")))
                    .hasMessageStartingWith("cannot add filestore references outside ipfs root");
        }
    }

    @Test
    void aCorruptRecordIsAClearErrorAndOtherEntriesStillWork() throws IOException {
        byte[] content = random(200, 5);
        Path f = file("g.bin", content);
        Cid bad = rawCid(Arrays.copyOfRange(content, 0, 100));
        Cid good = rawCid(Arrays.copyOfRange(content, 100, 200));
        try (Filestore fs = open()) {
            fs.put(bad, f, 0, 100);
            fs.put(good, f, 100, 100);
            fs.sync();
            Path record = fs.index().recordPath(bad.multihash());
            byte[] bytes = Files.readAllBytes(record);
            bytes[bytes.length / 2] ^= 0x40;
            Files.write(record, bytes);

            assertThatThrownBy(() -> fs.get(bad)).isInstanceOf(CorruptFilestoreEntryException.class)
                    .hasMessageContaining("corrupt filestore entry").hasMessageContaining("checksum mismatch");
            assertThat(fs.get(good)).isPresent();
            FilestoreListing listed = fs.list(bad, false);
            assertThat(listed.status()).isEqualTo(FilestoreStatus.OTHER_ERROR);
            assertThat(listed.errorMsg()).contains("checksum mismatch");
            try (Stream<FilestoreListing> all = fs.listAll(true, true)) {
                assertThat(all.map(FilestoreListing::status).toList())
                        .containsExactlyInAnyOrder(FilestoreStatus.OTHER_ERROR, FilestoreStatus.OK);
            }
            // the record of another block under this name is corrupt too
            Files.write(record, FilestoreRecordCodec.encode(new FilestoreEntry(good.multihash(), "data/g.bin", 100, 100)));
            assertThatThrownBy(() -> fs.get(bad)).isInstanceOf(CorruptFilestoreEntryException.class)
                    .hasMessageContaining("another block");
            assertThat(fs.delete(bad)).isTrue(); // and it can be removed
            assertThat(fs.has(bad)).isFalse();
        }
    }

    @Test
    void fileOrderSortsByPathThenOffset() throws IOException {
        byte[] content = random(300, 6);
        Path b = file("b", content);
        Path a = file("a", content);
        try (Filestore fs = open()) {
            for (int i = 2; i >= 0; i--) {
                fs.put(rawCid(Arrays.copyOfRange(content, i * 100, i * 100 + 100)), b, i * 100, 100);
            }
            fs.put(rawCid(Arrays.copyOfRange(content, 0, 50)), a, 0, 50);
            try (Stream<FilestoreListing> all = fs.listAll(true, true)) {
                assertThat(all.map(l -> l.status().word() + " " + l.filePath() + "@" + l.offset()).toList())
                        .containsExactly("ok data/a@0", "ok data/b@0", "ok data/b@100", "ok data/b@200");
            }
        }
    }

    @Test
    void theCombinedStoreCountsBothDeletesFromBothAndListsDuplicates() throws IOException {
        byte[] content = random(400, 7);
        Path f = file("h.bin", content);
        Cid inFile = rawCid(Arrays.copyOfRange(content, 0, 200));
        Cid both = rawCid(Arrays.copyOfRange(content, 200, 400));
        Block copied = Block.raw("copied".getBytes());
        try (FilestoreBlockstore store = new FilestoreBlockstore(new MemoryBlockstore(), open())) {
            store.filestore().put(inFile, f, 0, 200);
            store.filestore().put(both, f, 200, 200);
            store.put(Block.raw(Arrays.copyOfRange(content, 200, 400)));
            store.put(copied);
            assertThat(store.has(inFile)).isTrue();
            assertThat(store.get(inFile).orElseThrow().data()).isEqualTo(Arrays.copyOfRange(content, 0, 200));
            assertThat(store.bytesForPeer(inFile).orElseThrow()).isEqualTo(Arrays.copyOfRange(content, 0, 200));
            try (Stream<Cid> cids = store.cids()) {
                assertThat(cids.toList()).containsExactlyInAnyOrder(inFile, both, copied.cid());
            }
            try (Stream<Cid> dups = store.duplicates()) {
                assertThat(dups.toList()).containsExactly(both);
            }
            assertThat(store.delete(both)).isTrue();
            assertThat(store.has(both)).isFalse();
            assertThat(store.delete(inFile)).isTrue();
            assertThat(store.has(inFile)).isFalse();
            assertThat(f).exists(); // the user's file is never touched
            store.sync();
        }
        try (Filestore fs = open(); Stream<Cid> left = fs.cids()) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void aChangedFileIsNeverHandedToPeers() throws IOException {
        byte[] content = random(100, 8);
        Path f = file("i.bin", content);
        Cid cid = rawCid(content);
        try (FilestoreBlockstore store = new FilestoreBlockstore(new MemoryBlockstore(), open())) {
            store.filestore().put(cid, f, 0, 100);
            Files.write(f, random(100, 9));
            assertThatThrownBy(() -> store.bytesForPeer(cid)).isInstanceOf(FilestoreReferenceException.class);
            assertThat(List.of(store.has(cid))).containsExactly(true);
        }
    }
}
