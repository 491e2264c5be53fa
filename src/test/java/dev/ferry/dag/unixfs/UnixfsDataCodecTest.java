package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnixfsDataCodecTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+|#[^\\n]*", ""));
    }

    @Test
    void emptyFileLeafOmitsData() {
        // 08 02 # Type=File ; 18 00 # filesize=0   (inner part of 0a0408021800)
        assertThat(UnixfsDataCodec.encode(UnixfsData.fileLeaf(new byte[0]))).isEqualTo(hex("08 02 18 00"));
    }

    @Test
    void directory() {
        assertThat(UnixfsDataCodec.encode(UnixfsData.directory())).isEqualTo(hex("08 01"));
    }

    @Test
    void fileLeafWithData() {
        byte[] enc = UnixfsDataCodec.encode(UnixfsData.fileLeaf("hello world\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(enc).isEqualTo(hex("08 02 12 0c 68656c6c6f20776f726c640a 18 0c"));
    }

    @Test
    void blocksizesAreNotPacked() {
        byte[] enc = UnixfsDataCodec.encode(UnixfsData.fileNode(List.of(262144L, 5L)));
        assertThat(enc).isEqualTo(hex("""
                08 02          # Type=File
                18 85 80 10    # filesize=262149
                20 80 80 10    # blocksizes[0]=262144
                20 05          # blocksizes[1]=5
                """));
    }

    @Test
    void packedBlocksizesAreAccepted() {
        UnixfsData d = UnixfsDataCodec.decode(hex("08 02 18 85 80 10 22 04 80 80 10 05"));
        assertThat(d.blocksizes()).containsExactly(262144L, 5L);
        assertThat(d.filesize()).isEqualTo(262149L);
    }

    @Test
    void hamtShard() {
        byte[] enc = UnixfsDataCodec.encode(UnixfsData.hamtShard(hex("8001"), 0x22, 256));
        assertThat(enc).isEqualTo(hex("08 05 12 02 8001 28 22 30 80 02"));
        assertThat(UnixfsDataCodec.decode(enc)).isEqualTo(UnixfsData.hamtShard(hex("8001"), 0x22, 256));
    }

    @Test
    void modeAndMtimeRoundTrip() {
        UnixfsData d = new UnixfsData(UnixfsType.FILE, hex("01"), 1L, List.of(), null, null, 0755L,
                new UnixTime(-5, 42));
        byte[] enc = UnixfsDataCodec.encode(d);
        assertThat(enc).isEqualTo(hex("08 02 12 01 01 18 01 38 ed 03 42 10 08 fbffffffffffffffff01 15 2a000000"));
        assertThat(UnixfsDataCodec.decode(enc)).isEqualTo(d);
    }

    @Test
    void presentEmptyDataIsKept() {
        UnixfsData d = UnixfsDataCodec.decode(hex("08 04 12 00"));
        assertThat(d.data()).isEmpty();
        assertThat(UnixfsDataCodec.encode(d)).isEqualTo(hex("08 04 12 00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                     // no Type
        "12 00",                // no Type
        "08 06",                // unknown type
        "08 02 08 02",          // duplicate Type
        "0a 00",                // Type with wrong wire type
        "08 02 48 01",          // unknown field 9
        "08 02 12 05 00",       // length past the end
        "08 02 18",             // truncated varint
        "08 02 18 ffffffffffffffffff01", // filesize >= 2^63
        "08 02 18 ffffffffffffffffff02", // varint overflow
        "08 02 18 8080808080808080808001", // 11-byte varint
        "08 02 25 00000000",    // blocksizes with fixed32 wire type
        "08 02 22 02 80",       // truncated packed blocksize
        "08 02 42 00",          // mtime without Seconds
        "08 02 42 07 08 01 15 00000000",  // nanos = 0
        "08 02 42 07 08 01 15 00ca9a3b",  // nanos = 1e9
        "08 02 42 03 08 01 18",           // unknown field in mtime
        "08 02 38 8080808010",            // mode above 32 bits
    })
    void rejectsMalformed(String h) {
        assertThatThrownBy(() -> UnixfsDataCodec.decode(hex(h))).isInstanceOf(UnixfsException.class);
    }
}
