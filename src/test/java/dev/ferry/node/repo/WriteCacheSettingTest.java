package dev.ferry.node.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ferry.store.FileBlockstoreConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WriteCacheSettingTest {
    private static long bytes(JsonNode n, boolean reporting) {
        return WriteCacheSetting.bytes(Optional.ofNullable(n), reporting);
    }

    @Test
    void absentOrNullLimitsOnlyWhereFreshPagesAreDear() {
        assertThat(bytes(null, true)).isEqualTo(256L << 20);
        assertThat(bytes(NullNode.getInstance(), true)).isEqualTo(256L << 20);
        assertThat(bytes(null, false)).isEqualTo(FileBlockstoreConfig.KEEP_ALL_CACHED);
        assertThat(bytes(NullNode.getInstance(), false)).isEqualTo(FileBlockstoreConfig.KEEP_ALL_CACHED);
    }

    @Test
    void sizesAndMinusOne() {
        assertThat(bytes(LongNode.valueOf(0), false)).isZero();
        assertThat(bytes(LongNode.valueOf(1 << 20), false)).isEqualTo(1 << 20);
        assertThat(bytes(TextNode.valueOf("64MiB"), false)).isEqualTo(64L << 20);
        assertThat(bytes(TextNode.valueOf("1GB"), true)).isEqualTo(1_000_000_000L);
        assertThat(bytes(LongNode.valueOf(-1), true)).isEqualTo(FileBlockstoreConfig.KEEP_ALL_CACHED);
    }

    @Test
    void anythingElseIsAConfigErrorNamingTheKey() {
        for (JsonNode bad : new JsonNode[] {LongNode.valueOf(-2), TextNode.valueOf("lots"), BooleanNode.TRUE,
                DoubleNode.valueOf(1.5)}) {
            assertThatThrownBy(() -> bytes(bad, true)).isInstanceOf(RepoException.class)
                    .hasMessageContaining("Datastore.WriteCacheBytes");
        }
    }
}
