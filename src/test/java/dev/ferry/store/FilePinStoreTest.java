package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePinStoreTest extends PinStoreContract {
    @TempDir
    Path dir;

    @Override
    protected PinStore newStore() {
        return FilePinStore.open(dir);
    }

    private FilePinStore reopen() {
        pins.close();
        pins = FilePinStore.open(dir);
        return (FilePinStore) pins;
    }

    @Test
    void pinsSurviveReopen() {
        pins.add(cid(1), PinType.RECURSIVE);
        pins.add(cid(2), PinType.DIRECT);
        pins.sync();
        assertThat(reopen().list()).isEqualTo(Map.of(cid(1), PinType.RECURSIVE, cid(2), PinType.DIRECT));
        assertThat(((FilePinStore) pins).recoveredFromPrevious()).isFalse();
        pins.remove(cid(2), PinType.DIRECT);
        pins.sync();
        assertThat(reopen().list()).isEqualTo(Map.of(cid(1), PinType.RECURSIVE));
    }

    @Test
    void syncWritesTheFileAndKeepsThePreviousOne() throws IOException {
        pins.add(cid(1), PinType.RECURSIVE);
        pins.sync();
        byte[] first = Files.readAllBytes(dir.resolve("pins"));
        pins.add(cid(2), PinType.RECURSIVE);
        pins.sync();
        assertThat(dir.resolve("pins.prev")).hasBinaryContent(first);
        assertThat(PinFileCodec.decode(Files.readAllBytes(dir.resolve("pins")))).hasSize(2);
        assertThat(dir.resolve("pins.tmp")).doesNotExist();
    }

    @Test
    void tornPinFileFallsBackToThePreviousGoodOne() throws IOException {
        pins.add(cid(1), PinType.RECURSIVE);
        pins.sync();
        pins.add(cid(2), PinType.RECURSIVE);
        pins.sync();
        pins.close();
        byte[] full = Files.readAllBytes(dir.resolve("pins"));
        Files.write(dir.resolve("pins"), Arrays.copyOf(full, full.length - 3)); // a torn write

        FilePinStore store = FilePinStore.open(dir);
        pins = store;
        assertThat(store.recoveredFromPrevious()).isTrue();
        assertThat(store.list()).isEqualTo(Map.of(cid(1), PinType.RECURSIVE));
        assertThat(dir.resolve("pins.corrupt")).exists();
        // a good pins file is back at once
        assertThat(PinFileCodec.decode(Files.readAllBytes(dir.resolve("pins")))).hasSize(1);
        assertThat(reopen().recoveredFromPrevious()).isFalse();
    }

    @Test
    void crashBetweenTheRenamesLeavesThePreviousState() throws IOException {
        pins.add(cid(1), PinType.DIRECT);
        pins.sync();
        pins.close();
        // what a crash after "pins -> pins.prev" and before "pins.tmp -> pins" leaves
        Files.move(dir.resolve("pins"), dir.resolve("pins.prev"));
        Files.write(dir.resolve("pins.tmp"), new byte[] {1, 2});
        FilePinStore store = FilePinStore.open(dir);
        pins = store;
        assertThat(store.list()).isEqualTo(Map.of(cid(1), PinType.DIRECT));
        assertThat(dir.resolve("pins.tmp")).doesNotExist();
        assertThat(dir.resolve("pins")).exists();
    }

    @Test
    void unreadablePinsWithoutAGoodPreviousRefuseToOpen() throws IOException {
        pins.add(cid(1), PinType.RECURSIVE);
        pins.close();
        Files.write(dir.resolve("pins"), new byte[] {'F', 'E', 'R', 'R', 'Y'});
        assertThatThrownBy(() -> FilePinStore.open(dir)).isInstanceOf(CorruptPinFileException.class);
        Files.write(dir.resolve("pins.prev"), new byte[] {0});
        assertThatThrownBy(() -> FilePinStore.open(dir)).isInstanceOf(CorruptPinFileException.class);
        pins = new MemoryPinStore(); // for @AfterEach
    }

    @Test
    void nothingIsWrittenUntilSync() {
        pins.add(cid(1), PinType.RECURSIVE);
        assertThat(dir.resolve("pins")).doesNotExist();
        pins.sync();
        assertThat(dir.resolve("pins")).exists();
    }

    @Test
    void closeSyncs() {
        pins.add(cid(7), PinType.RECURSIVE);
        assertThat(reopen().list()).containsKey(cid(7));
    }

    @Test
    void namesSurviveReopen() {
        pins.add(cid(1), PinType.RECURSIVE, "photos 2024 \uD83D\uDCF7");
        pins.add(cid(2), PinType.DIRECT, "one block");
        pins.sync();
        assertThat(reopen().entries()).isEqualTo(Map.of(
                cid(1), new PinEntry(PinType.RECURSIVE, "photos 2024 \uD83D\uDCF7"),
                cid(2), new PinEntry(PinType.DIRECT, "one block")));
        pins.add(cid(2), PinType.DIRECT, "renamed"); // a rename alone is a change to write
        pins.sync();
        assertThat(reopen().entry(cid(2))).hasValue(new PinEntry(PinType.DIRECT, "renamed"));
    }

    @Test
    void aVersion1FileIsReadAndUpgradedAtTheNextWrite() throws IOException {
        pins.close();
        byte[] v1 = PinFileVersion1.encode(Map.of(cid(1), PinType.RECURSIVE, cid(2), PinType.DIRECT));
        Files.write(dir.resolve("pins"), v1);
        FilePinStore store = FilePinStore.open(dir);
        pins = store;
        assertThat(store.recoveredFromPrevious()).isFalse();
        assertThat(store.entries()).isEqualTo(Map.of(cid(1), PinEntry.of(PinType.RECURSIVE),
                cid(2), PinEntry.of(PinType.DIRECT)));
        store.sync();
        assertThat(dir.resolve("pins")).hasBinaryContent(v1); // reading alone writes nothing
        store.add(cid(1), PinType.RECURSIVE, "named");
        store.sync();
        byte[] now = Files.readAllBytes(dir.resolve("pins"));
        assertThat(now[PinFileCodec.MAGIC.length]).isEqualTo((byte) 2);
        assertThat(dir.resolve("pins.prev")).hasBinaryContent(v1); // the version-1 file stays the fallback
        assertThat(reopen().entries()).isEqualTo(Map.of(cid(1), new PinEntry(PinType.RECURSIVE, "named"),
                cid(2), PinEntry.of(PinType.DIRECT)));
    }

    @Test
    void aTornVersion2FileFallsBackToAVersion1Previous() throws IOException {
        pins.close();
        Files.write(dir.resolve("pins.prev"), PinFileVersion1.encode(Map.of(cid(1), PinType.DIRECT)));
        byte[] v2 = PinFileCodec.encode(Map.of(cid(1), new PinEntry(PinType.DIRECT, "n"), cid(2),
                PinEntry.of(PinType.RECURSIVE)));
        Files.write(dir.resolve("pins"), Arrays.copyOf(v2, v2.length - 1));
        FilePinStore store = FilePinStore.open(dir);
        pins = store;
        assertThat(store.recoveredFromPrevious()).isTrue();
        assertThat(store.entries()).isEqualTo(Map.of(cid(1), PinEntry.of(PinType.DIRECT)));
    }
}
