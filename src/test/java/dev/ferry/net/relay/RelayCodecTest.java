package dev.ferry.net.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.record.SignedEnvelope;
import dev.ferry.net.relay.wire.HopMessage;
import dev.ferry.net.relay.wire.RelayCodec;
import dev.ferry.net.relay.wire.RelayWireException;
import dev.ferry.net.relay.wire.Status;
import dev.ferry.net.relay.wire.Voucher;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RelayCodecTest {
    static final HexFormat HEX = HexFormat.of();

    @Test
    void reserveIsTheSpecsTypeZeroSetExplicitly() {
        assertThat(HEX.formatHex(RelayCodec.encode(HopMessage.reserve()))).isEqualTo("0800");
    }

    @Test
    void statusOkIsCode100() throws Exception {
        byte[] body = RelayCodec.encode(HopMessage.status(Status.OK));
        assertThat(HEX.formatHex(body)).isEqualTo("08022864");
        assertThat(RelayCodec.decodeHop(body).status()).isEqualTo(Status.OK);
    }

    @Test
    void strictDecodingRefusesWhatTheSpecDoesNotDefine() {
        assertThatThrownBy(() -> RelayCodec.decodeHop(new byte[0])).isInstanceOf(RelayWireException.class)
                .hasMessageContaining("without a type");
        assertThatThrownBy(() -> RelayCodec.decodeHop(HEX.parseHex("0803"))).hasMessageContaining("unknown");
        assertThatThrownBy(() -> RelayCodec.decodeHop(HEX.parseHex("0801"))).hasMessageContaining("without a peer");
        assertThatThrownBy(() -> RelayCodec.decodeHop(HEX.parseHex("0802"))).hasMessageContaining("without a status");
        assertThatThrownBy(() -> RelayCodec.decodeHop(HEX.parseHex("08022863"))).hasMessageContaining("status 99");
        // a peer whose id is no multihash
        assertThatThrownBy(() -> RelayCodec.decodeHop(HEX.parseHex("0801120312 01ff".replace(" ", ""))))
                .isInstanceOf(RelayWireException.class);
        assertThatThrownBy(() -> RelayCodec.decodeStop(HEX.parseHex("0802"))).hasMessageContaining("unknown");
        assertThatThrownBy(() -> RelayCodec.decodeHop(new byte[RelayCodec.MAX_MESSAGE + 1]))
                .hasMessageContaining("exceeds");
    }

    @Test
    void aFrameOverTheCapIsRefusedBeforeItsBodyIsRead() {
        byte[] frame = HEX.parseHex("8120"); // 4097
        assertThatThrownBy(() -> RelayCodec.readHop(new ByteArrayInputStream(frame)))
                .isInstanceOf(RelayWireException.class);
    }

    @Test
    void unknownAddressesAreSkippedNotFatal() throws Exception {
        // a CONNECT whose peer carries one good address and one of an unknown protocol code (0x7fff)
        Identity id = Identity.generate(new SecureRandom());
        byte[] good = Multiaddr.parse("/ip4/1.2.3.4/tcp/1").bytes();
        byte[] peerId = id.peerId().bytes();
        byte[] unknown = HEX.parseHex("ffff0100");
        var out = new java.io.ByteArrayOutputStream();
        out.write(0x0a);
        out.write(peerId.length);
        out.write(peerId);
        out.write(0x12);
        out.write(good.length);
        out.write(good);
        out.write(0x12);
        out.write(unknown.length);
        out.write(unknown);
        byte[] peer = out.toByteArray();
        var msg = new java.io.ByteArrayOutputStream();
        msg.write(HEX.parseHex("0801"));
        msg.write(0x12);
        msg.write(peer.length);
        msg.write(peer);
        HopMessage m = RelayCodec.decodeHop(msg.toByteArray());
        assertThat(m.peer().id()).isEqualTo(id.peerId());
        assertThat(m.peer().addrs()).containsExactly(Multiaddr.parse("/ip4/1.2.3.4/tcp/1"));
    }

    @Test
    void aVoucherIsARelayRsvpEnvelopeSignedByItsRelay() throws Exception {
        Identity relay = Identity.generate(new SecureRandom());
        Identity other = Identity.generate(new SecureRandom());
        Voucher v = new Voucher(relay.peerId(), other.peerId(), 1_700_000_000L);
        SignedEnvelope e = v.seal(relay);
        assertThat(e.payloadType()).containsExactly(0x03, 0x02); // multicodec 0x0302 as go-libp2p and js-libp2p write it
        assertThat(e.verifies(Voucher.DOMAIN)).isTrue();
        assertThat(Voucher.open(SignedEnvelope.decode(e.encode()))).isEqualTo(v);
        // signed by someone else than the relay it names
        SignedEnvelope forged = SignedEnvelope.seal(other, Voucher.DOMAIN, Voucher.payloadType(), v.encode());
        assertThatThrownBy(() -> Voucher.open(forged)).hasMessageContaining("another peer");
        SignedEnvelope wrongDomain = SignedEnvelope.seal(relay, "libp2p-routing-state", Voucher.payloadType(),
                v.encode());
        assertThatThrownBy(() -> Voucher.open(wrongDomain)).hasMessageContaining("does not verify");
    }

    @Test
    void circuitAddressesParse() {
        Identity relay = Identity.generate(new SecureRandom());
        Identity target = Identity.generate(new SecureRandom());
        Multiaddr full = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + relay.peerId() + "/p2p-circuit/p2p/"
                + target.peerId());
        CircuitAddress c = CircuitAddress.parse(full);
        assertThat(c.relay()).isEqualTo(relay.peerId());
        assertThat(c.relayAddress()).isEqualTo(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"));
        assertThat(c.toMultiaddr()).isEqualTo(full.decapsulate("p2p"));
        assertThat(CircuitAddress.parse(Multiaddr.parse("/p2p/" + relay.peerId() + "/p2p-circuit")).relayAddress()
                .isEmpty()).isTrue();
        assertThatThrownBy(() -> CircuitAddress.parse(Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p-circuit")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CircuitAddress.parse(full.encapsulate("/p2p-circuit")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
