package dev.ferry.net.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Annotated hex vectors: {@code version type flags streamId length [payload]}, derived from hashicorp spec.md. */
class YamuxFrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String annotated) {
        StringBuilder sb = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replace(" ", ""));
        }
        return HEX.parseHex(sb.toString());
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("""
                        00        # version 0
                        00        # type Data
                        0000      # no flags
                        00000001  # stream 1
                        00000005  # 5 payload bytes
                        68656c6c6f # "hello"
                        """, new YamuxFrame.Data(1, 0, "hello".getBytes())),
                Arguments.of("""
                        00 01 0001 00000001 00000000 # WindowUpdate SYN on stream 1: open, no extra credit
                        """, new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0)),
                Arguments.of("""
                        00 01 0002 00000002 00040000 # WindowUpdate ACK on stream 2 granting 256 KiB more
                        """, new YamuxFrame.WindowUpdate(2, YamuxFlags.ACK, 262144)),
                Arguments.of("""
                        00 00 0004 00000003 00000000 # Data FIN on stream 3, empty: half-close
                        """, new YamuxFrame.Data(3, YamuxFlags.FIN, new byte[0])),
                Arguments.of("""
                        00 01 0008 ffffffff 00000000 # WindowUpdate RST on the largest stream id
                        """, new YamuxFrame.WindowUpdate(-1, YamuxFlags.RST, 0)),
                Arguments.of("""
                        00 01 0003 00000005 ffffffff # SYN|ACK, delta u32 max
                        """, new YamuxFrame.WindowUpdate(5, YamuxFlags.SYN | YamuxFlags.ACK, 0xFFFF_FFFFL)),
                Arguments.of("""
                        00 02 0001 00000000 0000002a # Ping SYN, opaque 42
                        """, new YamuxFrame.Ping(YamuxFlags.SYN, 42)),
                Arguments.of("""
                        00 02 0002 00000000 0000002a # Ping ACK echoing 42
                        """, new YamuxFrame.Ping(YamuxFlags.ACK, 42)),
                Arguments.of("""
                        00 03 0000 00000000 00000000 # GoAway normal
                        """, new YamuxFrame.GoAway(GoAwayCode.NORMAL)),
                Arguments.of("""
                        00 03 0000 00000000 00000001 # GoAway protocol error
                        """, new YamuxFrame.GoAway(GoAwayCode.PROTOCOL_ERROR)),
                Arguments.of("""
                        00 03 0000 00000000 00000002 # GoAway internal error
                        """, new YamuxFrame.GoAway(GoAwayCode.INTERNAL_ERROR)));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encodesAndDecodes(String annotated, YamuxFrame frame) throws IOException {
        byte[] bytes = hex(annotated);
        assertThat(YamuxFrameCodec.encode(frame)).isEqualTo(bytes);
        YamuxFrameCodec codec = new YamuxFrameCodec(new ByteArrayInputStream(bytes), 1024);
        assertThat(codec.readFrame()).isEqualTo(frame);
        assertThat(codec.readFrame()).isNull(); // clean end of stream
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "01 00 0000 00000001 00000000 | version 1",
        "00 04 0000 00000001 00000000 | unknown type 4",
        "00 ff 0000 00000001 00000000 | unknown type 255",
        "00 00 0010 00000001 00000000 | unknown flag 0x10",
        "00 00 8000 00000001 00000000 | unknown flag 0x8000",
        "00 00 0000 00000000 00000000 | data on stream 0",
        "00 01 0001 00000000 00000000 | window update on stream 0",
        "00 02 0001 00000007 00000000 | ping on a stream",
        "00 02 0000 00000000 00000000 | ping without SYN or ACK",
        "00 02 0003 00000000 00000000 | ping with SYN and ACK",
        "00 02 0004 00000000 00000000 | ping with FIN",
        "00 03 0000 00000001 00000000 | go-away on a stream",
        "00 03 0001 00000000 00000000 | go-away with a flag",
        "00 03 0000 00000000 00000003 | go-away unknown code",
        "00 00 0000 00000001 00000401 | data longer than the cap (1025 > 1024)",
        "00 00 0000 00000001 ffffffff | data of 4 GiB",
        "00 00 0000 000000           | truncated header",
        "00 00 0000 00000001 00000004 616263 | truncated payload",
    })
    void rejectsMalformedFrames(String hex, String why) {
        YamuxFrameCodec codec = new YamuxFrameCodec(new ByteArrayInputStream(HEX.parseHex(hex.replace(" ", ""))), 1024);
        assertThatThrownBy(codec::readFrame).as(why).isInstanceOf(YamuxException.ProtocolError.class);
    }

    @Test
    void dataAtTheCapIsAccepted() throws IOException {
        byte[] frame = YamuxFrameCodec.encode(new YamuxFrame.Data(1, 0, new byte[1024]));
        assertThat(new YamuxFrameCodec(new ByteArrayInputStream(frame), 1024).readFrame())
                .isInstanceOf(YamuxFrame.Data.class);
    }

    @Test
    void oversizedLengthIsRefusedBeforeThePayloadIsRead() throws IOException {
        byte[] header = HEX.parseHex("000000000000000100100000"); // Data, 1 MiB announced, nothing follows
        ByteArrayInputStream in = new ByteArrayInputStream(header);
        assertThatThrownBy(() -> new YamuxFrameCodec(in, 65536).readHeader())
                .isInstanceOf(YamuxException.ProtocolError.class).hasMessageContaining("exceeds");
    }

    @Test
    void failureIsSticky() throws IOException {
        byte[] bad = HEX.parseHex("01000000000000010000000000020001000000000000002a"); // bad version, then a valid ping
        YamuxFrameCodec codec = new YamuxFrameCodec(new ByteArrayInputStream(bad), 1024);
        YamuxException first = null;
        try {
            codec.readFrame();
        } catch (YamuxException e) {
            first = e;
        }
        assertThat(first).isNotNull();
        YamuxException firstFailure = first;
        assertThatThrownBy(codec::readFrame).isSameAs(firstFailure);
    }

    @Test
    void headerAccessors() throws IOException {
        YamuxHeader h = YamuxFrameCodec.decodeHeader(HEX.parseHex("000100058000000100001000"), 0, 0);
        assertThat(h.type()).isEqualTo(YamuxFrameType.WINDOW_UPDATE);
        assertThat(h.has(YamuxFlags.SYN)).isTrue();
        assertThat(h.has(YamuxFlags.FIN)).isTrue();
        assertThat(h.has(YamuxFlags.ACK)).isFalse();
        assertThat(Integer.toUnsignedLong(h.streamId())).isEqualTo(0x80000001L);
        assertThat(h.length()).isEqualTo(4096);
    }

    @Test
    void wireCodesAreFrozen() {
        assertThat(YamuxFrameType.DATA.code()).isZero();
        assertThat(YamuxFrameType.WINDOW_UPDATE.code()).isEqualTo(1);
        assertThat(YamuxFrameType.PING.code()).isEqualTo(2);
        assertThat(YamuxFrameType.GO_AWAY.code()).isEqualTo(3);
        assertThat(new int[] {YamuxFlags.SYN, YamuxFlags.ACK, YamuxFlags.FIN, YamuxFlags.RST}).containsExactly(1, 2, 4, 8);
        assertThat(new int[] {GoAwayCode.NORMAL.code(), GoAwayCode.PROTOCOL_ERROR.code(),
                GoAwayCode.INTERNAL_ERROR.code()}).containsExactly(0, 1, 2);
    }
}
