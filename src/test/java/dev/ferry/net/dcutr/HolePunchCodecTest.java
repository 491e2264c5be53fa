package dev.ferry.net.dcutr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.dcutr.wire.DcutrWireException;
import dev.ferry.net.dcutr.wire.HolePunch;
import dev.ferry.net.dcutr.wire.HolePunchCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HolePunchCodecTest {
    static final Multiaddr TCP = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001");

    @Test
    void connectIsWrittenAsTheSpecsProtobuf() {
        // field 1 (varint) = 100, field 2 (bytes) = the address
        byte[] addr = TCP.bytes();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {0x08, 100, 0x12, (byte) addr.length});
        expected.writeBytes(addr);
        assertThat(HolePunchCodec.encode(HolePunch.connect(List.of(TCP)))).isEqualTo(expected.toByteArray());
        // 300 as a varint: ac 02
        assertThat(HexFormat.of().formatHex(HolePunchCodec.encode(HolePunch.sync()))).isEqualTo("08ac02");
    }

    @Test
    void framesRoundTripAndLeaveWhatFollows() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HolePunchCodec.write(out, HolePunch.connect(List.of(TCP, Multiaddr.parse("/ip6/::1/tcp/1/ws"))));
        HolePunchCodec.write(out, HolePunch.sync());
        out.write(7);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(HolePunchCodec.read(in).obsAddrs()).hasSize(2);
        assertThat(HolePunchCodec.read(in)).isEqualTo(HolePunch.sync());
        assertThat(in.read()).isEqualTo(7);
        assertThat(HolePunchCodec.read(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void aMissingOrUnknownTypeIsRefused() {
        assertThatThrownBy(() -> HolePunchCodec.decode(new byte[0])).isInstanceOf(DcutrWireException.class)
                .hasMessageContaining("without a type");
        assertThatThrownBy(() -> HolePunchCodec.decode(new byte[] {0x08, 0x00})).isInstanceOf(DcutrWireException.class)
                .hasMessageContaining("unknown DCUtR message type 0");
        assertThatThrownBy(() -> HolePunchCodec.decode(new byte[] {0x08, (byte) 0xc8, 0x01}))
                .isInstanceOf(DcutrWireException.class).hasMessageContaining("type 200");
        assertThatThrownBy(() -> HolePunchCodec.decode(new byte[] {0x08})).isInstanceOf(DcutrWireException.class)
                .hasMessageContaining("not a DCUtR message");
    }

    @Test
    void oversizedOrCutFramesAreRefusedBeforeAllocating() throws IOException {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        Varint.write(HolePunchCodec.MAX_MESSAGE + 1, big);
        assertThatThrownBy(() -> HolePunchCodec.read(new ByteArrayInputStream(big.toByteArray())))
                .isInstanceOf(DcutrWireException.class).hasMessageContaining("exceeds");
        ByteArrayOutputStream huge = new ByteArrayOutputStream();
        Varint.write(Long.MAX_VALUE >>> 1, huge);
        assertThatThrownBy(() -> HolePunchCodec.read(new ByteArrayInputStream(huge.toByteArray())))
                .isInstanceOf(DcutrWireException.class);
        assertThatThrownBy(() -> HolePunchCodec.read(new ByteArrayInputStream(new byte[] {5, 0x08})))
                .isInstanceOf(IOException.class);
        List<Multiaddr> many = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            many.add(TCP);
        }
        assertThatThrownBy(() -> HolePunchCodec.write(new ByteArrayOutputStream(), HolePunch.connect(many)))
                .isInstanceOf(DcutrWireException.class);
    }

    @Test
    void unknownAddressesAreSkippedAndAtMostTheCapKept() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x08, 100});
        body.writeBytes(new byte[] {0x12, 2, (byte) 0xff, 0x7f}); // an unknown protocol code
        for (int i = 0; i < HolePunchCodec.MAX_ADDRS + 5; i++) {
            byte[] a = Multiaddr.parse("/ip4/10.0.0.1/tcp/" + (i + 1)).bytes();
            body.write(0x12);
            body.write(a.length);
            body.writeBytes(a);
        }
        HolePunch m = HolePunchCodec.decode(body.toByteArray());
        assertThat(m.type()).isEqualTo(HolePunch.Type.CONNECT);
        assertThat(m.obsAddrs()).hasSize(HolePunchCodec.MAX_ADDRS)
                .first().isEqualTo(Multiaddr.parse("/ip4/10.0.0.1/tcp/1"));
    }

    @Test
    void onlyThePeersOwnNonCircuitAddressesAreDialledAndNotTooMany() {
        PeerId peer = Identity.generate(new SecureRandom()).peerId();
        PeerId other = Identity.generate(new SecureRandom()).peerId();
        List<Multiaddr> in = new ArrayList<>(List.of(
                Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + other + "/p2p-circuit"),
                Multiaddr.parse("/ip4/1.2.3.4/tcp/4002/p2p/" + other),
                Multiaddr.parse("/ip4/1.2.3.4/tcp/4003/p2p/" + peer),
                TCP, TCP));
        for (int i = 0; i < 20; i++) {
            in.add(Multiaddr.parse("/ip4/10.0.0.2/tcp/" + (i + 1)));
        }
        List<Multiaddr> out = HolePunchService.dialable(peer, in);
        assertThat(out).hasSize(HolePunchService.MAX_DIALS)
                .startsWith(Multiaddr.parse("/ip4/1.2.3.4/tcp/4003"), TCP, Multiaddr.parse("/ip4/10.0.0.2/tcp/1"));
    }
}
