package dev.ferry.exchange.ferry.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.pin.wire.PinFormatException;
import dev.ferry.exchange.ferry.pin.wire.PinOp;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.exchange.ferry.pin.wire.PinWire;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Annotated byte vectors of the pin protocol's wire format, and named malformed cases with still-works twins. */
class PinWireTest {
    static final HexFormat HEX = HexFormat.of();
    static final Cid EMPTY_RAW = Block.raw(new byte[0]).cid();
    /** The binary form of {@link #EMPTY_RAW}, as the request vectors carry it. */
    static final String ROOT = """
            12 24                                          # root, 36 bytes
            01 55 12 20                                    # CIDv1 raw sha2-256/32
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """;

    static byte[] hex(String annotated) {
        StringBuilder sb = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replace(" ", ""));
        }
        return HEX.parseHex(sb.toString());
    }

    // ---- vectors, both ways

    @Test
    void requestVectors() throws Exception {
        assertRequest(PinRequest.pin(EMPTY_RAW), "08 01  # op PIN\n" + ROOT);
        assertRequest(PinRequest.unpin(EMPTY_RAW), "08 02  # op UNPIN\n" + ROOT);
        assertRequest(PinRequest.status(EMPTY_RAW), "08 03  # op STATUS\n" + ROOT);
    }

    @Test
    void replyVectors() throws Exception {
        assertReply(new PinReply(PinState.PINNED, "", 1 << 20), """
                08 01        # state PINNED
                18 80 80 40  # bytes 1048576 (message empty: omitted)
                """);
        assertReply(new PinReply(PinState.PINNING, "fetching", 4096), """
                08 02                            # state PINNING
                12 08 6665746368696e67           # message "fetching"
                18 80 20                         # bytes 4096
                """);
        assertReply(PinReply.of(PinState.NOT_PINNED), "08 03  # state NOT_PINNED (bytes 0: omitted)");
        assertReply(PinReply.of(PinState.REFUSED, "no did:key"), """
                08 04                            # state REFUSED
                12 0a 6e6f206469643a6b6579       # message "no did:key"
                """);
        assertReply(PinReply.of(PinState.FAILED), "08 05  # state FAILED");
        assertReply(PinReply.of(PinState.BAD_REQUEST), "08 06  # state BAD_REQUEST");
        assertReply(PinReply.of(PinState.BUSY), "08 07  # state BUSY");
    }

    /** Wire codes are frozen: appending is allowed, changing is not. */
    @Test
    void codesAreFrozen() {
        assertThat(Map.of(PinOp.PIN, 1, PinOp.UNPIN, 2, PinOp.STATUS, 3))
                .allSatisfy((op, code) -> assertThat(op.code()).isEqualTo(code));
        assertThat(List.of(PinState.values())).extracting(PinState::code).containsExactly(1, 2, 3, 4, 5, 6, 7);
        for (PinState s : PinState.values()) {
            assertThat(PinState.ofCode(s.code())).isEqualTo(s);
        }
        for (PinOp op : PinOp.values()) {
            assertThat(PinOp.ofCode(op.code())).isEqualTo(op);
        }
        assertThatThrownBy(() -> PinOp.ofCode(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinState.ofCode(8)).isInstanceOf(IllegalArgumentException.class);
    }

    static void assertRequest(PinRequest r, String annotated) throws Exception {
        assertThat(PinWire.encodeRequest(r)).isEqualTo(hex(annotated));
        assertThat(PinWire.decodeRequest(hex(annotated))).isEqualTo(r);
    }

    static void assertReply(PinReply r, String annotated) throws Exception {
        assertThat(PinWire.encodeReply(r)).isEqualTo(hex(annotated));
        assertThat(PinWire.decodeReply(hex(annotated))).isEqualTo(r);
    }

    // ---- refusals, each with a twin that passes

    static final String CID36 = "01551220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void opZeroOrUnknownIsRefused() throws Exception {
        assertRequestRefused("12 24 " + CID36, "without an op");               // op absent (0)
        assertRequestRefused("08 00 12 24 " + CID36, "without an op");         // op 0 written out
        assertRequestRefused("08 04 12 24 " + CID36, "unknown pin op 4");
        assertRequestRefused("08 ff ff ff ff 0f 12 24 " + CID36, "unknown pin op 4294967295");
        assertThat(PinWire.decodeRequest(hex("08 03 12 24 " + CID36)).op()).isEqualTo(PinOp.STATUS);
    }

    @Test
    void aRootThatIsNotACidIsRefused() throws Exception {
        assertRequestRefused("08 01", "without a root");
        assertRequestRefused("08 01 12 03 01 55 12", "malformed root CID");                    // truncated
        assertRequestRefused("08 01 12 25 " + CID36 + " 00", "malformed root CID");           // trailing byte
        assertRequestRefused("08 01 12 24 02551220" + "00".repeat(32), "malformed root CID"); // CID version 2
        assertThat(PinWire.decodeRequest(hex("08 01 12 24 " + CID36)).root()).isEqualTo(EMPTY_RAW);
    }

    @Test
    void aRootAbove256BytesIsRefusedBeforeParsing() throws Exception {
        assertRequestRefused("08 01 12 81 02 " + "01".repeat(257), "root CID of 257 bytes");
        // twin: 256 bytes pass the length check and go on to the CID parser (which refuses these)
        assertRequestRefused("08 01 12 80 02 " + "01".repeat(256), "malformed root CID");
        // the largest CID the parser takes (an identity CID with a 128-byte digest) is far below the cap
        String largest = "01 55 00 80 01 " + "61".repeat(128);
        Cid big = Cid.decode(hex(largest));
        assertThat(PinWire.decodeRequest(hex("08 01 12 85 01 " + largest))).isEqualTo(PinRequest.pin(big));
    }

    @Test
    void unknownFieldsAreRefused() throws Exception {
        assertRequestRefused("08 01 12 24 " + CID36 + " 18 01", "unknown fields [3]");
        assertReplyRefused("08 01 20 01", "unknown fields [4]");
        assertReplyRefused("08 01 2a 00", "unknown fields [5]");
        assertThat(PinWire.decodeRequest(hex("08 01 12 24 " + CID36))).isEqualTo(PinRequest.pin(EMPTY_RAW));
        assertThat(PinWire.decodeReply(hex("08 01 18 01"))).isEqualTo(new PinReply(PinState.PINNED, "", 1));
    }

    @Test
    void stateZeroOrUnknownIsRefused() throws Exception {
        assertReplyRefused("", "without a state");
        assertReplyRefused("08 00", "without a state");
        assertReplyRefused("12 01 78", "without a state");
        assertReplyRefused("08 08", "unknown pin state 8");
        assertThat(PinWire.decodeReply(hex("08 07"))).isEqualTo(PinReply.of(PinState.BUSY));
    }

    @Test
    void aMessageAbove512CharsIsRefused() throws Exception {
        assertReplyRefused("08 05 12 81 04 " + "61".repeat(513), "message of 513 chars");
        PinReply atCap = PinWire.decodeReply(hex("08 05 12 80 04 " + "61".repeat(512)));
        assertThat(atCap.message()).hasSize(512);
        // the record refuses rather than truncates
        assertThatThrownBy(() -> PinReply.of(PinState.FAILED, "a".repeat(513)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PinReply.of(PinState.FAILED, "a".repeat(512)).message()).hasSize(512);
    }

    @Test
    void invalidUtf8AndHugeByteCountsAreRefused() throws Exception {
        assertReplyRefused("08 01 12 01 ff", "malformed reply");
        assertReplyRefused("08 01 18 ff ff ff ff ff ff ff ff ff 01", "above 2^63-1"); // 2^64-1
        assertThat(PinWire.decodeReply(hex("08 01 12 01 78 18 ff ff ff ff ff ff ff ff 7f")))
                .isEqualTo(new PinReply(PinState.PINNED, "x", Long.MAX_VALUE));
        assertThatThrownBy(() -> new PinReply(PinState.PINNED, "", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void garbageIsRefused() {
        for (String bad : List.of("ff", "08", "12 24 01", "0f 01")) {
            assertThatThrownBy(() -> PinWire.decodeRequest(hex(bad))).as(bad).isInstanceOf(PinFormatException.class);
            assertThatThrownBy(() -> PinWire.decodeReply(hex(bad))).as(bad).isInstanceOf(PinFormatException.class);
        }
    }

    /** 512 chars of a three-byte character are 1536 UTF-8 bytes: the reply cap is 2 KiB so every reply fits. */
    @Test
    void theLargestReplyFitsItsCapAndLargerBodiesAreRefused() throws Exception {
        PinReply largest = new PinReply(PinState.PINNING, "\u20ac".repeat(512), Long.MAX_VALUE);
        byte[] enc = PinWire.encodeReply(largest);
        assertThat(enc.length).isEqualTo(1551).isLessThanOrEqualTo(PinWire.MAX_REPLY_BYTES);
        assertThat(PinWire.decodeReply(enc)).isEqualTo(largest);
        assertThatThrownBy(() -> PinWire.decodeReply(new byte[PinWire.MAX_REPLY_BYTES + 1]))
                .isInstanceOf(PinFormatException.class).hasMessageContaining("2049 bytes");
        assertThatThrownBy(() -> PinWire.decodeRequest(new byte[PinWire.MAX_REQUEST_BYTES + 1]))
                .isInstanceOf(PinFormatException.class).hasMessageContaining("1025 bytes");
        // the largest request (a 133-byte identity root) is far below its cap
        assertThat(PinWire.encodeRequest(PinRequest.pin(Cid.decode(hex("01 55 00 80 01 " + "61".repeat(128))))))
                .hasSize(138);
    }

    // ---- framing

    @Test
    void framedRequestsAndRepliesTravel() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PinWire.writeRequest(out, PinRequest.status(EMPTY_RAW));
        PinWire.writeReply(out, PinReply.of(PinState.NOT_PINNED));
        assertThat(out.toByteArray()).isEqualTo(hex("28 08 03 " + ROOT + " 02 08 03"));
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(PinWire.readRequest(in)).isEqualTo(PinRequest.status(EMPTY_RAW));
        assertThat(PinWire.readReply(in)).isEqualTo(PinReply.of(PinState.NOT_PINNED));
        assertThat(PinWire.readReply(in)).isNull(); // clean end of stream
    }

    @Test
    void anOversizeFrameIsRefusedBeforeReadingItsBody() throws Exception {
        int[] read = {0};
        InputStream endless = new InputStream() {
            final byte[] head = {(byte) 0x81, 0x08}; // 1025
            @Override
            public int read() {
                return read[0] < head.length ? head[read[0]++] & 0xff : (read[0]++ & 0) + 0x41;
            }
        };
        assertThatThrownBy(() -> PinWire.readRequest(endless)).isInstanceOf(PinFormatException.class)
                .hasMessageContaining("1025");
        assertThat(read[0]).isEqualTo(2);
        // the twin: 1024 bytes are read (and then decoded: here they are not a request)
        byte[] atCap = new byte[2 + 1024];
        atCap[0] = (byte) 0x80;
        atCap[1] = 0x08;
        assertThat(PinWire.readFrame(new ByteArrayInputStream(atCap), PinWire.MAX_REQUEST_BYTES)).hasSize(1024);
        // a reply frame of 2049 is refused the same way, 2048 is read
        assertThatThrownBy(() -> PinWire.readReply(new ByteArrayInputStream(hex("81 10"))))
                .isInstanceOf(PinFormatException.class).hasMessageContaining("2049");
        // a stream that ends inside a frame
        assertThatThrownBy(() -> PinWire.readRequest(new ByteArrayInputStream(hex("05 08 01"))))
                .isInstanceOf(PinFormatException.class);
    }

    static void assertRequestRefused(String bad, String why) {
        assertThatThrownBy(() -> PinWire.decodeRequest(hex(bad))).as(bad)
                .isInstanceOf(PinFormatException.class).hasMessageContaining(why);
    }

    static void assertReplyRefused(String bad, String why) {
        assertThatThrownBy(() -> PinWire.decodeReply(hex(bad))).as(bad)
                .isInstanceOf(PinFormatException.class).hasMessageContaining(why);
    }
}
