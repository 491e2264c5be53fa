package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import org.junit.jupiter.api.Test;

class FlatfsKeysTest {
    @Test
    void kuboKeyOfTheEmptyDirectory() {
        Multihash mh = Cid.parse(FileBlockstoreTest.EMPTY_DIR_CID).multihash();
        String key = FlatfsKeys.key(mh);
        assertThat(key).isEqualTo("CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y");
        assertThat(FlatfsKeys.shard(key)).isEqualTo("X3");
        assertThat(FlatfsKeys.parseFileName(key + ".data")).hasValue(mh);
    }

    @Test
    void shortKeysArePaddedInFront() {
        assertThat(FlatfsKeys.shard("AB")).isEqualTo("_A");
        assertThat(FlatfsKeys.shard("A")).isEqualTo("__");
        assertThat(FlatfsKeys.shard("ABC")).isEqualTo("AB");
    }

    @Test
    void foreignNamesAreNotKeys() {
        String key = FlatfsKeys.key(Multihash.sha256(new byte[] {1}));
        assertThat(FlatfsKeys.parseFileName(key)).isEmpty(); // no extension
        assertThat(FlatfsKeys.parseFileName(key.toLowerCase() + ".data")).isEmpty();
        assertThat(FlatfsKeys.parseFileName(key + "=.data")).isEmpty();
        assertThat(FlatfsKeys.parseFileName(key.substring(0, key.length() - 1) + ".data")).isEmpty();
        assertThat(FlatfsKeys.parseFileName(".data")).isEmpty();
        assertThat(FlatfsKeys.parseFileName("SHARDING")).isEmpty();
        assertThat(FlatfsKeys.parseFileName("A".repeat(300) + ".data")).isEmpty();
    }
}
