package dev.ferry.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Kubo's reading of get's archive, compress and compression-level options, and its names for saved archives. */
class ArchiveOptionsTest {
    @Test
    void aLevelCountsOnlyWithCompress() {
        assertThat(ArchiveOptions.of(false, false, null)).isEqualTo(new ArchiveOptions(false, 0));
        assertThat(ArchiveOptions.of(true, false, 10L)).isEqualTo(new ArchiveOptions(true, 0));
        assertThat(ArchiveOptions.of(false, false, 0L).compressed()).isFalse();
        assertThat(ArchiveOptions.of(true, true, null).level()).isEqualTo(6);
        assertThat(ArchiveOptions.of(false, true, 1L).level()).isEqualTo(1);
        assertThat(ArchiveOptions.of(true, true, 9L).level()).isEqualTo(9);
    }

    @Test
    void levelsOutOfRangeAreRefusedWithKubosText() {
        for (long bad : new long[] {0, 10, -1, 4_294_967_297L}) {
            assertThatThrownBy(() -> ArchiveOptions.of(true, true, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("compression level must be between 1 and 9");
        }
    }

    @Test
    void formsFollowKubo() {
        ArchiveOptions tar = ArchiveOptions.of(false, false, null);
        assertThat(tar.saved()).isFalse();
        assertThat(tar.bare()).isFalse();
        assertThat(tar.contentType()).isEqualTo("application/x-tar");
        ArchiveOptions bare = ArchiveOptions.of(false, true, null);
        assertThat(bare.saved()).isTrue();
        assertThat(bare.bare()).isTrue();
        assertThat(bare.contentType()).isEqualTo("application/gzip");
        ArchiveOptions tgz = ArchiveOptions.of(true, true, 3L);
        assertThat(tgz.saved()).isTrue();
        assertThat(tgz.bare()).isFalse();
        assertThat(ArchiveOptions.of(true, false, null).saved()).isTrue();
    }

    @Test
    void savedNamesAreKubos() {
        ArchiveOptions tar = ArchiveOptions.of(true, false, null);
        assertThat(tar.fileName("x")).isEqualTo("x.tar");
        assertThat(tar.fileName("x.tar")).isEqualTo("x.tar");
        assertThat(tar.fileName("x.tar.gz")).isEqualTo("x.tar.gz");
        ArchiveOptions tgz = ArchiveOptions.of(true, true, null);
        assertThat(tgz.fileName("x")).isEqualTo("x.tar.gz");
        assertThat(tgz.fileName("x.tar")).isEqualTo("x.tar.gz");
        assertThat(tgz.fileName("x.tar.gz")).isEqualTo("x.tar.gz");
        assertThat(tgz.fileName("x.gz")).isEqualTo("x.gz.tar.gz");
        ArchiveOptions gz = ArchiveOptions.of(false, true, null);
        assertThat(gz.fileName("x")).isEqualTo("x.gz");
        assertThat(gz.fileName("x.gz")).isEqualTo("x.gz");
        assertThat(gz.fileName("x.tar")).isEqualTo("x.tar.gz");
    }
}
