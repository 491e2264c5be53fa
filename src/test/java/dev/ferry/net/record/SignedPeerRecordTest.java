package dev.ferry.net.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Varint;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedPeerRecordTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Identity alice = Identity.generate(RANDOM);
    private final Identity bob = Identity.generate(RANDOM);
    private final List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/192.0.2.1/tcp/4001"),
            Multiaddr.parse("/ip6/2001:db8::1/tcp/4001"));

    @Test
    void aRecordSurvivesTheWireAndIsChecked() throws Exception {
        SignedPeerRecord r = SignedPeerRecord.create(alice, 42, addrs);
        SignedPeerRecord back = SignedPeerRecord.open(r.bytes());
        assertThat(back.record()).isEqualTo(new PeerRecord(alice.peerId(), 42, addrs));
        assertThat(back).isEqualTo(r);
    }

    @Test
    void theSignedBytesAreTheDomainTypeAndPayloadEachAfterItsLength() {
        byte[] signed = SignedEnvelope.signedBytes("ab", new byte[] {3, 1}, new byte[] {9, 9, 9});
        assertThat(HexFormat.of().formatHex(signed)).isEqualTo("02" + "6162" + "02" + "0301" + "03" + "090909");
    }

    @Test
    void theEnvelopeHasTheFieldsGoAndJsUse() throws Exception {
        SignedPeerRecord r = SignedPeerRecord.create(alice, 1, List.of());
        byte[] b = r.bytes();
        // field 1 the key, 2 the payload type 0x0301, 3 the payload, 5 the signature
        assertThat(b[0]).isEqualTo((byte) 0x0a);
        int keyLen = b[1];
        assertThat(HexFormat.of().formatHex(b, 2 + keyLen, 2 + keyLen + 4)).isEqualTo("12020301");
        SignedEnvelope e = SignedEnvelope.decode(b);
        byte[] sigTag = HexFormat.of().parseHex("2a40"); // field 5, 64 bytes (Ed25519)
        byte[] tail = java.util.Arrays.copyOfRange(b, b.length - 66, b.length - 64);
        assertThat(tail).isEqualTo(sigTag);
        assertThat(e.verifies(PeerRecord.DOMAIN)).isTrue();
        assertThat(e.verifies("another-domain")).isFalse();
    }

    @Test
    void everyForgeryIsRefused() throws Exception {
        SignedPeerRecord good = SignedPeerRecord.create(alice, 7, addrs);
        SignedEnvelope e = SignedEnvelope.decode(good.bytes());

        // the payload changed after signing
        PeerRecord moved = new PeerRecord(alice.peerId(), 8, addrs);
        byte[] tampered = new SignedEnvelope(e.key(), e.payloadType(), moved.encode(), e.signature()).encode();
        assertThatThrownBy(() -> SignedPeerRecord.open(tampered)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("signature");

        // bob signs a record about alice
        byte[] foreign = SignedEnvelope.seal(bob, PeerRecord.DOMAIN, PeerRecord.PAYLOAD_TYPE, moved.encode())
                .encode();
        assertThatThrownBy(() -> SignedPeerRecord.open(foreign)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("another key");

        // signed for another domain, or of another type
        byte[] otherDomain = SignedEnvelope.seal(alice, "libp2p-routing-state", PeerRecord.PAYLOAD_TYPE,
                moved.encode()).encode();
        assertThatThrownBy(() -> SignedPeerRecord.open(otherDomain)).isInstanceOf(RecordFormatException.class);
        byte[] otherType = SignedEnvelope.seal(alice, PeerRecord.DOMAIN, new byte[] {0x03, 0x02}, moved.encode())
                .encode();
        assertThatThrownBy(() -> SignedPeerRecord.open(otherType)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("not hold a peer record");

        // unknown fields, too big, garbage
        byte[] extra = java.util.Arrays.copyOf(good.bytes(), good.bytes().length + 2);
        extra[extra.length - 2] = 0x30; // field 6, varint
        extra[extra.length - 1] = 0x01;
        assertThatThrownBy(() -> SignedPeerRecord.open(extra)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("unknown");
        assertThatThrownBy(() -> SignedPeerRecord.open(new byte[SignedEnvelope.MAX_BYTES + 1]))
                .isInstanceOf(RecordFormatException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> SignedPeerRecord.open("not a protobuf".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RecordFormatException.class);
    }

    @Test
    void aRecordWithTooManyOrBadAddressesIsRefused() throws Exception {
        List<Multiaddr> many = new ArrayList<>();
        for (int i = 0; i < PeerRecord.MAX_ADDRESSES + 1; i++) {
            many.add(Multiaddr.parse("/ip4/10.0.0.1/tcp/" + (1000 + i)));
        }
        var b = dev.ferry.net.record.wire.RecordProto.PeerRecord.newBuilder()
                .setPeerId(com.google.protobuf.ByteString.copyFrom(alice.peerId().bytes()));
        for (Multiaddr a : many) {
            b.addAddressesBuilder().setMultiaddr(com.google.protobuf.ByteString.copyFrom(a.bytes()));
        }
        byte[] tooMany = SignedEnvelope.seal(alice, PeerRecord.DOMAIN, PeerRecord.PAYLOAD_TYPE,
                b.build().toByteArray()).encode();
        assertThatThrownBy(() -> SignedPeerRecord.open(tooMany)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("addresses");
        byte[] badAddr = dev.ferry.net.record.wire.RecordProto.PeerRecord.newBuilder()
                .setPeerId(com.google.protobuf.ByteString.copyFrom(alice.peerId().bytes()))
                .addAddresses(dev.ferry.net.record.wire.RecordProto.PeerRecord.AddressInfo.newBuilder()
                        .setMultiaddr(com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0xff, 0x7f})))
                .build().toByteArray();
        assertThatThrownBy(() -> PeerRecord.decode(badAddr)).isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("address");
        assertThat(Varint.size(PeerRecord.MAX_ADDRESSES)).isEqualTo(1);
    }
}
