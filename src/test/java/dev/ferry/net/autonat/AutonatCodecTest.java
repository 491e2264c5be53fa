package dev.ferry.net.autonat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.autonat.wire.AutonatCodec;
import dev.ferry.net.autonat.wire.AutonatMessage;
import dev.ferry.net.autonat.wire.AutonatMessage.Dial;
import dev.ferry.net.autonat.wire.AutonatMessage.DialResponse;
import dev.ferry.net.autonat.wire.AutonatMessage.PeerInfo;
import dev.ferry.net.autonat.wire.AutonatWireException;
import dev.ferry.net.autonat.wire.ResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutonatCodecTest {
    static final byte[] ADDR = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001").bytes();

    @Test
    void dialRoundTripsThroughAFrame() throws Exception {
        Dial d = new Dial(new PeerInfo(new byte[] {0, 3, 1, 2, 3}, List.of(ADDR, new byte[] {9})));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AutonatCodec.write(out, d);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(AutonatCodec.read(in)).isEqualTo(d);
        assertThat(AutonatCodec.read(in)).isNull(); // clean end
    }

    @Test
    void responseKeepsStatusTextAndAddress() throws Exception {
        DialResponse r = new DialResponse(ResponseStatus.E_DIAL_REFUSED, "too many dials", ADDR);
        assertThat(AutonatCodec.decode(AutonatCodec.encode(r))).isEqualTo(r);
        assertThat(AutonatCodec.decode(AutonatCodec.encode(DialResponse.of(ResponseStatus.OK, ""))))
                .isEqualTo(new DialResponse(ResponseStatus.OK, "", null));
    }

    @Test
    void encodesTheSpecsFieldNumbersAndCodes() throws Exception {
        // type=1 (DIAL_RESPONSE) ‖ dialResponse (3) { status=101, statusText="x" }
        byte[] expected = HexFormat.of().parseHex("0801" + "1a05" + "0865" + "1201" + "78");
        assertThat(AutonatCodec.encode(DialResponse.of(ResponseStatus.E_DIAL_REFUSED, "x"))).isEqualTo(expected);
    }

    @Test
    void aMessageWithoutTypeIsADialAsInProto2() throws Exception {
        // dial (2) { peer (1) { id (1) = 0x01 } }
        AutonatMessage m = AutonatCodec.decode(HexFormat.of().parseHex("1205" + "0a03" + "0a0101"));
        assertThat(m).isEqualTo(new Dial(new PeerInfo(new byte[] {1}, List.of())));
        assertThat(AutonatCodec.decode(new byte[0])).isEqualTo(new Dial(null));
    }

    @Test
    void refusesWhatTheSpecDoesNotDefine() {
        // status 7
        assertThatThrownBy(() -> AutonatCodec.decode(HexFormat.of().parseHex("0801" + "1a02" + "0807")))
                .isInstanceOf(AutonatWireException.class).hasMessageContaining("status 7");
        // type 5
        assertThatThrownBy(() -> AutonatCodec.decode(HexFormat.of().parseHex("0805")))
                .isInstanceOf(AutonatWireException.class).hasMessageContaining("type 5");
        // a response without status
        assertThatThrownBy(() -> AutonatCodec.decode(HexFormat.of().parseHex("0801" + "1a00")))
                .isInstanceOf(AutonatWireException.class).hasMessageContaining("without a status");
        assertThatThrownBy(() -> AutonatCodec.decode(HexFormat.of().parseHex("0801")))
                .isInstanceOf(AutonatWireException.class);
        // not protobuf
        assertThatThrownBy(() -> AutonatCodec.decode(new byte[] {(byte) 0xff, (byte) 0xff}))
                .isInstanceOf(AutonatWireException.class);
    }

    @Test
    void framesAboveFourKibAreRefusedBeforeReading() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(AutonatCodec.MAX_MESSAGE + 1, out);
        assertThatThrownBy(() -> AutonatCodec.read(new ByteArrayInputStream(out.toByteArray())))
                .isInstanceOf(AutonatWireException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> AutonatCodec.decode(new byte[AutonatCodec.MAX_MESSAGE + 1]))
                .isInstanceOf(AutonatWireException.class);
        List<byte[]> many = java.util.Collections.nCopies(500, ADDR);
        assertThatThrownBy(() -> AutonatCodec.write(new ByteArrayOutputStream(),
                new Dial(new PeerInfo(null, many)))).isInstanceOf(AutonatWireException.class);
    }

    @Test
    void aFrameCutShortIsAWireError() {
        assertThatThrownBy(() -> AutonatCodec.read(new ByteArrayInputStream(new byte[] {5, 8, 1})))
                .isInstanceOf(AutonatWireException.class).hasMessageContaining("ended inside");
    }
}
