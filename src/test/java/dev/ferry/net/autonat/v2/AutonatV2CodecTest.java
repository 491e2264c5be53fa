package dev.ferry.net.autonat.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.v2.wire.AutonatV2Codec;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialDataResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialRequest;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message.DialResponse;
import dev.ferry.net.autonat.v2.wire.AutonatV2Proto;
import dev.ferry.net.autonat.v2.wire.AutonatV2WireException;
import dev.ferry.net.autonat.v2.wire.DialBack;
import dev.ferry.net.autonat.v2.wire.DialBackResponse;
import dev.ferry.net.autonat.v2.wire.DialResponseStatus;
import dev.ferry.net.autonat.v2.wire.DialStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutonatV2CodecTest {
    @Test
    void aDialRequestHasTheSpecsLayout() throws Exception {
        byte[] addr = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001").bytes();
        byte[] body = AutonatV2Codec.encode(new DialRequest(List.of(addr), 0x0102030405060708L));
        // field 1 (dialRequest, LEN) { field 1 (addrs, LEN) ..., field 2 (nonce, fixed64 little-endian) }
        String hex = HexFormat.of().formatHex(body);
        assertThat(hex).startsWith("0a").contains("0a" + HexFormat.of().formatHex(new byte[] {(byte) addr.length})
                + HexFormat.of().formatHex(addr)).endsWith("110807060504030201");
        assertThat(AutonatV2Codec.decode(body)).isEqualTo(new DialRequest(List.of(addr), 0x0102030405060708L));
    }

    @Test
    void responsesAndDialDataRoundTripWithTheirCodes() throws Exception {
        DialResponse ok = new DialResponse(DialResponseStatus.OK, 3, DialStatus.E_DIAL_BACK_ERROR);
        byte[] body = AutonatV2Codec.encode(ok);
        AutonatV2Proto.Message m = AutonatV2Proto.Message.parseFrom(body);
        assertThat(m.getDialResponse().getStatusValue()).isEqualTo(200);
        assertThat(m.getDialResponse().getDialStatusValue()).isEqualTo(101);
        assertThat(AutonatV2Codec.decode(body)).isEqualTo(ok);
        assertThat(AutonatV2Codec.decode(AutonatV2Codec.encode(new DialDataRequest(1, 70_000))))
                .isEqualTo(new DialDataRequest(1, 70_000));
        assertThat(AutonatV2Codec.decode(AutonatV2Codec.encode(new DialDataResponse(new byte[4096]))))
                .isEqualTo(new DialDataResponse(new byte[4096]));
        // proto3 leaves zero values out: an E_INTERNAL_ERROR response is an empty DialResponse
        assertThat(AutonatV2Codec.decode(AutonatV2Proto.Message.newBuilder()
                .setDialResponse(AutonatV2Proto.DialResponse.getDefaultInstance()).build().toByteArray()))
                .isEqualTo(DialResponse.of(DialResponseStatus.E_INTERNAL_ERROR));
    }

    @Test
    void theDialBackStreamsMessagesRoundTrip() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AutonatV2Codec.write(out, new DialBack(-5));
        AutonatV2Codec.write(out, new DialBackResponse());
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(AutonatV2Codec.readDialBack(in)).isEqualTo(new DialBack(-5));
        assertThat(AutonatV2Codec.readDialBackResponse(in)).isEqualTo(new DialBackResponse());
        assertThat(AutonatV2Codec.readDialBack(in)).isNull();
    }

    @Test
    void whatTheSpecDoesNotDefineIsRefused() {
        assertThatThrownBy(() -> AutonatV2Codec.decode(new byte[0]))
                .isInstanceOf(AutonatV2WireException.class).hasMessageContaining("without a body");
        byte[] unknownStatus = AutonatV2Proto.Message.newBuilder().setDialResponse(
                AutonatV2Proto.DialResponse.newBuilder().setStatusValue(150)).build().toByteArray();
        assertThatThrownBy(() -> AutonatV2Codec.decode(unknownStatus)).hasMessageContaining("response status 150");
        byte[] unknownDial = AutonatV2Proto.Message.newBuilder().setDialResponse(
                AutonatV2Proto.DialResponse.newBuilder().setStatusValue(200).setDialStatusValue(7)).build()
                .toByteArray();
        assertThatThrownBy(() -> AutonatV2Codec.decode(unknownDial)).hasMessageContaining("dial status 7");
        byte[] hugeIndex = AutonatV2Proto.Message.newBuilder().setDialDataRequest(
                AutonatV2Proto.DialDataRequest.newBuilder().setAddrIdx(-1).setNumBytes(1)).build().toByteArray();
        assertThatThrownBy(() -> AutonatV2Codec.decode(hugeIndex)).hasMessageContaining("4294967295 out of range");
        byte[] hugeCount = AutonatV2Proto.Message.newBuilder().setDialDataRequest(
                AutonatV2Proto.DialDataRequest.newBuilder().setNumBytes(-1)).build().toByteArray();
        assertThatThrownBy(() -> AutonatV2Codec.decode(hugeCount)).hasMessageContaining("18446744073709551615");
        byte[] bigData = AutonatV2Proto.Message.newBuilder().setDialDataResponse(
                AutonatV2Proto.DialDataResponse.newBuilder().setData(ByteString.copyFrom(new byte[4097]))).build()
                .toByteArray();
        assertThatThrownBy(() -> AutonatV2Codec.decode(bigData)).hasMessageContaining("4097 bytes");
        byte[] badBackStatus = AutonatV2Proto.DialBackResponse.newBuilder().setStatusValue(3).build().toByteArray();
        assertThatThrownBy(() -> AutonatV2Codec.decodeDialBackResponse(badBackStatus))
                .hasMessageContaining("dial-back status 3");
        assertThatThrownBy(() -> AutonatV2Codec.decodeDialBack(new byte[1025])).hasMessageContaining("exceeds 1024");
        assertThatThrownBy(() -> AutonatV2Codec.read(new ByteArrayInputStream(new byte[] {(byte) 0x81, 0x40})))
                .isInstanceOf(AutonatV2WireException.class).hasMessageContaining("exceeds the cap of 8192");
    }
}
