package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** syncfs through the foreign-function API, linked and opened at the first sync (the tests run on Linux). */
class SyncFsTest {
    @Test
    void syncsRepeatedlyUntilClosed(@TempDir Path dir) throws IOException {
        SyncFs fs = SyncFs.open(dir).orElseThrow();
        Files.writeString(dir.resolve("f"), "data");
        fs.sync();
        fs.sync();
        fs.close();
        fs.close(); // idempotent
        assertThatThrownBy(fs::sync).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void aMissingDirectoryFailsTheFirstSyncNotTheOpen(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("not-there");
        SyncFs fs = SyncFs.open(missing).orElseThrow();
        assertThatThrownBy(fs::sync).isInstanceOf(IOException.class).hasMessageContaining("errno 2");
        Files.createDirectory(missing);
        fs.sync(); // the descriptor is opened by the first sync that finds the directory
        fs.close();
    }

    @Test
    void closingBeforeAnySyncNeedsNoNativeCall(@TempDir Path dir) {
        SyncFs fs = SyncFs.open(dir).orElseThrow();
        fs.close();
        assertThatThrownBy(fs::sync).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }
}
