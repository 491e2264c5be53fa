package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultihashTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void multihashReadmeVector() {
        byte[] data = "multihash".getBytes(StandardCharsets.US_ASCII);
        Multihash mh = Multihash.sha256(data);
        assertThat(HEX.formatHex(mh.bytes()))
            .isEqualTo("12209cbc07c3f991725836a3aa2a581ca2029198aa420b9d99bc0e131d9f3e2cbe47");
        assertThat(mh.toBase58()).isEqualTo("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk");
        assertThat(mh.code()).isEqualTo(0x12);
        assertThat(mh.digest()).hasSize(32);
        assertThat(mh.encodedLength()).isEqualTo(34);
        assertThat(mh.verifies(data)).isTrue();
        assertThat(mh.verifies("multihasH".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Multihash.decode(mh.bytes())).isEqualTo(mh).hasSameHashCodeAs(mh);
        assertThat(Multihash.of(0x12, mh.digest())).isEqualTo(mh);
    }

    @Test
    void sha256OfSliceEqualsSha256OfCopy() {
        byte[] buf = "xxmultihashyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Multihash.sha256(buf, 2, 9)).isEqualTo(Multihash.sha256("multihash".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void identityInlinesTheData() {
        Multihash mh = Multihash.identity(new byte[] {1, 2, 3});
        assertThat(mh.bytes()).containsExactly(0, 3, 1, 2, 3);
        assertThat(mh.verifies(new byte[] {1, 2, 3})).isTrue();
        assertThat(mh.verifies(new byte[] {1, 2})).isFalse();
        assertThat(Multihash.identity(new byte[0]).bytes()).containsExactly(0, 0);
        assertThatThrownBy(() -> Multihash.identity(new byte[Multihash.MAX_DIGEST_LENGTH + 1]))
            .isInstanceOf(MultiformatException.class);
    }

    @Test
    void otherFunctionsVerify() {
        byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
        // sha1("abc") = a9993e36..., sha2-512 and sha3-256 from FIPS examples
        assertThat(Multihash.of(0x11, HEX.parseHex("a9993e364706816aba3e25717850c26c9cd0d89d")).verifies(data)).isTrue();
        assertThat(Multihash.of(0x16, HEX.parseHex("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"))
            .verifies(data)).isTrue();
        assertThat(Multihash.of(0xb220, new byte[32]).verifies(data)).isFalse(); // blake2b-256, wrong digest
        assertThat(Multihash.of(0x1100, new byte[32]).verifies(data)).isFalse(); // x11: not computed
        // a truncated digest is the start of the full one (go-multihash's truncation); a longer one never verifies
        byte[] full = Multihash.sha256(data).digest();
        assertThat(Multihash.of(0x12, java.util.Arrays.copyOf(full, 20)).verifies(data)).isTrue();
        byte[] wrong = java.util.Arrays.copyOf(full, 20);
        wrong[19] ^= 1;
        assertThat(Multihash.of(0x12, wrong).verifies(data)).isFalse();
        assertThat(Multihash.of(0x12, java.util.Arrays.copyOf(full, 33)).verifies(data)).isFalse();
    }

    @Test
    void readAdvancesAndLeavesTheRest() {
        byte[] mh = Multihash.sha256(new byte[0]).bytes();
        ByteBuffer buf = ByteBuffer.allocate(mh.length + 2).put(mh).put((byte) 7).put((byte) 8).flip();
        assertThat(Multihash.read(buf)).isEqualTo(Multihash.sha256(new byte[0]));
        assertThat(buf.remaining()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "12", "1220", "12209cbc", "0001", "00ff01", "1281", "00810100", "8000", "000100ff", // last: trailing byte
        "12ffffffffffffffff7f00"
    })
    void rejectsMalformed(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThatThrownBy(() -> Multihash.decode(bytes)).isInstanceOf(MultiformatException.class);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (!hex.equals("000100ff")) {
            assertThatThrownBy(() -> Multihash.read(buf)).isInstanceOf(MultiformatException.class);
            assertThat(buf.position()).isZero();
        }
    }
}
