package dev.ferry.node.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoStatTest {
    @TempDir
    Path tmp;

    @Test
    void sizesReadAsKuboWritesThem() {
        assertThat(RepoStat.parseSize("10GB")).isEqualTo(10_000_000_000L);
        assertThat(RepoStat.parseSize("1GiB")).isEqualTo(1L << 30);
        assertThat(RepoStat.parseSize(" 1.5 mb ")).isEqualTo(1_500_000L);
        assertThat(RepoStat.parseSize("512")).isEqualTo(512L);
        assertThat(RepoStat.parseSize("2TiB")).isEqualTo(2L << 40);
        assertThat(RepoStat.parseSize("lots")).isZero();
        assertThat(RepoStat.parseSize("10 parsecs")).isZero();
        assertThat(RepoStat.parseSize("")).isZero();
    }

    @Test
    void countsTheStoredBlocksAndReadsTheCap() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new java.security.SecureRandom());
        try (Repo repo = Repo.open(dir)) {
            RepoStat empty = RepoStat.of(repo);
            assertThat(empty.numObjects()).isZero();
            assertThat(empty.repoSize()).isZero();
            assertThat(empty.storageMax()).isEqualTo(10_000_000_000L);
            assertThat(empty.repoPath()).isEqualTo(dir.toAbsolutePath());
            assertThat(empty.version()).isEqualTo("fs-repo@" + Repo.VERSION);

            repo.blocks().put(Block.raw("one".getBytes(StandardCharsets.UTF_8)));
            repo.blocks().put(Block.raw("three".getBytes(StandardCharsets.UTF_8)));
            RepoStat two = RepoStat.of(repo);
            assertThat(two.numObjects()).isEqualTo(2);
            assertThat(two.repoSize()).isEqualTo(8);
        }
    }
}
