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
}
