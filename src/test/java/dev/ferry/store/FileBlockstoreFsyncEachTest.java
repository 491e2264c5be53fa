package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The same contract and file tests without syncfs: fsync of each file and directory. */
class FileBlockstoreFsyncEachTest extends FileBlockstoreTest {
    @Override
    protected FileBlockstoreConfig config() {
        return super.config().withSyncMode(FileBlockstoreConfig.SyncMode.FSYNC_EACH);
    }

    @Override
    @Test
    void usesSyncfsOnLinux() {
        assertThat(((FileBlockstore) store).usesSyncfs()).isFalse();
    }
}
