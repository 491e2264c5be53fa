package dev.ferry.exchange.ferry.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.request.wire.RequestFormatException;
import dev.ferry.exchange.ferry.request.wire.RequestWire;
import dev.ferry.exchange.ferry.request.wire.ResponseFrame;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.exchange.ferry.request.wire.WireRequest;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Annotated byte vectors of the request protocol's wire format, and named malformed cases. */
class RequestWireTest {
    static final HexFormat HEX = HexFormat.of();
    static final Cid EMPTY_RAW = Block.raw(new byte[0]).cid();

    static byte[] hex(String annotated) {
        StringBuilder sb = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replace(" ", ""));
        }
        return HEX.parseHex(sb.toString());
    }

    static final byte[] REQUEST = hex("""
            0a 24                                          # root, 36 bytes
            01 55 12 20                                    # CIDv1 raw sha2-256/32
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            12 09 6469643a6b65793a78                       # requester "did:key:x"
            1a 02 01 02                                    # sources packed: peer, ipfs
            20 02                                          # ttl 2
            """);

    @Test
    void requestVector() throws Exception {
        WireRequest r = new WireRequest(EMPTY_RAW, "did:key:x", List.of(Source.PEER, Source.IPFS), 2);
        assertThat(RequestWire.encodeRequest(r)).isEqualTo(REQUEST);
        assertThat(RequestWire.decodeRequest(REQUEST)).isEqualTo(r);
    }

    @Test
    void frameVectors() throws Exception {
        assertFrame(new ResponseFrame.Header(0, ""), "0a 00  # header, status OK (defaults omitted)");
        assertFrame(new ResponseFrame.Header(4, "x"), "0a 05 08 04 12 01 78  # header BUSY \"x\"");
        assertFrame(new ResponseFrame.End(0, 3, ""), "1a 02 10 03  # end OK, 3 blocks");
        assertFrame(new ResponseFrame.Wait(), "22 00  # wait (still working)");
        byte[] block = RequestWire.encodeFrame(new ResponseFrame.BlockFrame(CidPrefix.of(Block.raw(new byte[] {0x61,
                0x62}).cid()), new byte[] {0x61, 0x62}));
        assertThat(block).isEqualTo(hex("""
                12 0a              # block, 10 bytes
                0a 04 01 55 12 20  # prefix: v1, raw, sha2-256, 32
                12 02 61 62        # data "ab"
                """));
        ResponseFrame.BlockFrame back = (ResponseFrame.BlockFrame) RequestWire.decodeFrame(block);
        assertThat(back.prefix()).isEqualTo(new CidPrefix(1, 0x55, 0x12, 32));
        assertThat(back.data()).containsExactly(0x61, 0x62);
    }

    static void assertFrame(ResponseFrame f, String annotated) throws Exception {
        assertThat(RequestWire.encodeFrame(f)).isEqualTo(hex(annotated));
        assertThat(RequestWire.decodeFrame(hex(annotated))).isEqualTo(f);
    }

    @Test
    void malformedRequestsAreRefused() {
        for (String bad : List.of(
                "0a 03 01 55 12",                      // a root that is not a CID
                "0a 24 01551220" + "00".repeat(32) + " 1a 01 07",     // unknown source 7
                "0a 24 01551220" + "00".repeat(32) + " 1a 02 01 01",  // peer twice
                "0a 24 01551220" + "00".repeat(32) + " 1a 04 01 02 03 01", // four sources
                "0a 24 01551220" + "00".repeat(32) + " 28 01",        // unknown field 5
                "0a 24 01551220" + "00".repeat(32) + " 12 81 01" + "61".repeat(129), // requester > 128 chars
                "ff")) {
            assertThatThrownBy(() -> RequestWire.decodeRequest(hex(bad))).as(bad)
                    .isInstanceOf(RequestFormatException.class);
        }
    }

    @Test
    void malformedFramesAreRefused() {
        for (String bad : List.of(
                "",                        // no kind
                "12 04 0a 02 02 55",       // prefix: CID version 2
                "12 06 0a 04 01 55 12 20 18 00", // block with an unknown field
                "12 07 0a 05 01 55 12 20 00", // trailing byte after the prefix
                "0a 02 18 01",             // header with an unknown field
                "22 02 08 01",             // wait with an unknown field
                "2a 00")) {                // unknown frame kind
            assertThatThrownBy(() -> RequestWire.decodeFrame(hex(bad))).as(bad)
                    .isInstanceOf(RequestFormatException.class);
        }
    }

    @Test
    void aFrameLengthAboveTheCapIsRefusedBeforeReadingTheBody() throws Exception {
        int[] read = {0};
        InputStream endless = new InputStream() {
            final byte[] head = {(byte) 0x81, (byte) 0x80, (byte) 0x80, 0x01}; // 2 MiB + 1
            @Override
            public int read() {
                return read[0] < head.length ? head[read[0]++] & 0xff : (read[0]++ & 0) + 0x41;
            }
        };
        assertThatThrownBy(() -> RequestWire.readFrame(endless, RequestWire.MAX_REQUEST_BYTES))
                .isInstanceOf(RequestFormatException.class);
        assertThat(read[0]).isEqualTo(4);
        // the twin: a frame within the cap is read
        assertThat(RequestWire.readFrame(new ByteArrayInputStream(hex("03 61 62 63")), 3)).containsExactly(0x61,
                0x62, 0x63);
        assertThat(RequestWire.readFrame(new ByteArrayInputStream(new byte[0]), 3)).isNull();
        assertThatThrownBy(() -> RequestWire.readFrame(new ByteArrayInputStream(hex("03 61")), 3))
                .isInstanceOf(RequestFormatException.class);
    }
}
