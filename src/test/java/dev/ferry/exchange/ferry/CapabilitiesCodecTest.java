package dev.ferry.exchange.ferry;

import static dev.ferry.exchange.ferry.CapabilitiesFixtures.ipfs;
import static dev.ferry.exchange.ferry.CapabilitiesFixtures.record;
import static dev.ferry.exchange.ferry.CapabilitiesFixtures.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.wire.CapabilitiesFormatException;
import dev.ferry.exchange.ferry.wire.CapabilitiesWire;
import dev.ferry.exchange.ferry.wire.WireRecord;
import dev.ferry.identity.Identity;
import dev.ferry.identity.Secp256k1PrivateKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesCodecTest {
    static final HexFormat HEX = HexFormat.of();
    static final Identity ALICE = seeded(0); // did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp
    static final Identity BOB = seeded(1);
    static final BloomFilter EMPTY16 = BloomFilter.withGeometry(16, 1).build();

    @Test
    void recordBytesAreTheCanonicalProtobuf() {
        byte[] bytes = CapabilitiesCodec.encodeRecord(record(ALICE, 1, EMPTY16));
        assertThat(HEX.formatHex(bytes)).isEqualTo(""
                + "0a38" + HEX.formatHex("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp".getBytes(StandardCharsets.US_ASCII))
                + "1001" // seq 1
                + "1a23" // ipfs, 35 bytes
                + "0801" + "1001" // enabled, type ferry
                + "1a13" + HEX.formatHex("https://gw.example/".getBytes(StandardCharsets.US_ASCII))
                + "2208" + "047f000001060fa1" // /ip4/127.0.0.1/tcp/4001
                + "2205" + "0110010000" // Bloom: fn 1, m 16, k 1, 2 zero bytes
                + "2a03" + "08e807"); // bandwidth: upload 1000
    }

    @Test
    void signatureCoversTheDomainPrefixAndTheRecordBytes() throws Exception {
        SignedCapabilities s = CapabilitiesCodec.sign(record(ALICE, 1, EMPTY16), ALICE);
        byte[] expectedSigned = concat("ferry-capabilities-record:v1".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0}, s.recordBytes());
        assertThat(CapabilitiesCodec.signingBytes(s.recordBytes())).isEqualTo(expectedSigned);
        assertThat(ALICE.publicKey().verify(expectedSigned, s.signature())).isTrue();
        assertThat(ALICE.publicKey().verify(s.recordBytes(), s.signature())).as("the prefix is part of it").isFalse();
        // envelope: 0a <len> record 12 40 signature
        byte[] env = CapabilitiesCodec.encode(s);
        assertThat(env[0]).isEqualTo((byte) 0x0a);
        assertThat(Arrays.copyOfRange(env, env.length - 66, env.length - 64)).isEqualTo(HEX.parseHex("1240"));
    }

    @Test
    void roundTripThroughOpen() throws Exception {
        BloomFilter index = BloomFilter.builder(3, 0.01).add(BloomFilterTest.HELLO).build();
        SignedCapabilities s = CapabilitiesCodec.sign(record(ALICE, 42, index), ALICE);
        SignedCapabilities back = CapabilitiesCodec.open(CapabilitiesCodec.encode(s), ALICE.publicKey(),
                BloomFilter.MAX_BITS, 32);
        assertThat(back.record()).isEqualTo(s.record());
        assertThat(back).isEqualTo(s);
        assertThat(back.record().contentIndex().mightContain(BloomFilterTest.HELLO)).isTrue();
        // secp256k1 keys have a did:key too
        Identity k1 = Identity.fromPrivateKey(Secp256k1PrivateKey.generate(new SecureRandom()));
        SignedCapabilities ks = CapabilitiesCodec.sign(record(k1, 1, EMPTY16), k1);
        assertThat(CapabilitiesCodec.open(CapabilitiesCodec.encode(ks), k1.publicKey(), 1 << 20, 32).record())
                .isEqualTo(ks.record());
    }

    @Test
    void framesRoundTripAndOversizedFramesAreRefusedBeforeReading() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] body = CapabilitiesCodec.encode(CapabilitiesCodec.sign(record(ALICE, 1, EMPTY16), ALICE));
        CapabilitiesWire.writeFrame(out, body);
        assertThat(CapabilitiesWire.readFrame(new ByteArrayInputStream(out.toByteArray()), body.length))
                .isEqualTo(body);
        assertThatThrownBy(() -> CapabilitiesWire.readFrame(new ByteArrayInputStream(out.toByteArray()),
                body.length - 1)).isInstanceOfSatisfying(CapabilitiesFormatException.class,
                        e -> assertThat(e.oversized()).isTrue());
        // a length of 2^62 with no body behind it
        byte[] huge = HEX.parseHex("80808080808080808040");
        assertThatThrownBy(() -> CapabilitiesWire.readFrame(new ByteArrayInputStream(huge), 1 << 20))
                .isInstanceOf(CapabilitiesFormatException.class);
        assertThat(CapabilitiesWire.readFrame(new ByteArrayInputStream(new byte[0]), 10)).isNull();
        assertThatThrownBy(() -> CapabilitiesWire.readFrame(new ByteArrayInputStream(HEX.parseHex("0501")), 10))
                .hasMessageContaining("ended inside");
    }

    @Test
    void refusals() throws Exception {
        SignedCapabilities honest = CapabilitiesCodec.sign(record(ALICE, 1, EMPTY16), ALICE);
        byte[] env = CapabilitiesCodec.encode(honest);
        // forged: one signature bit flipped
        byte[] forged = env.clone();
        forged[forged.length - 1] ^= 1;
        assertRefused(forged, ALICE, Rejection.BAD_SIGNATURE);
        // a record of Bob's, validly signed by Bob, sent over Alice's connection
        byte[] bobs = CapabilitiesCodec.encode(CapabilitiesCodec.sign(record(BOB, 5, EMPTY16), BOB));
        assertRefused(bobs, ALICE, Rejection.DID_MISMATCH);
        // Alice's record with Bob's signature over it
        byte[] mixed = CapabilitiesWire.encodeEnvelope(new dev.ferry.exchange.ferry.wire.WireEnvelope(
                honest.recordBytes(), BOB.sign(CapabilitiesCodec.signingBytes(honest.recordBytes()))));
        assertRefused(mixed, ALICE, Rejection.BAD_SIGNATURE);
        // a signature without the domain prefix
        byte[] noPrefix = CapabilitiesWire.encodeEnvelope(new dev.ferry.exchange.ferry.wire.WireEnvelope(
                honest.recordBytes(), ALICE.sign(honest.recordBytes())));
        assertRefused(noPrefix, ALICE, Rejection.BAD_SIGNATURE);
        // unknown field appended to the envelope: not canonical
        assertRefused(concat(env, HEX.parseHex("1801")), ALICE, Rejection.MALFORMED);
        // junk
        assertRefused(HEX.parseHex("ff"), ALICE, Rejection.MALFORMED);
        assertRefused(new byte[0], ALICE, Rejection.MALFORMED);
        // a filter above the receiver's cap
        byte[] big = CapabilitiesCodec.encode(CapabilitiesCodec.sign(
                record(ALICE, 2, BloomFilter.withGeometry(1 << 16, 2).build()), ALICE));
        assertThatThrownBy(() -> CapabilitiesCodec.open(big, ALICE.publicKey(), 1 << 15, 32))
                .isInstanceOfSatisfying(CapabilitiesRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.OVERSIZED));
        // twin: the same message under a cap that allows it
        assertThat(CapabilitiesCodec.open(big, ALICE.publicKey(), 1 << 16, 32).record().seq()).isEqualTo(2);
        // an RSA peer cannot take part
        assertThat(PeerDids.didOf(ALICE.publicKey())).contains(ALICE.did());
    }

    @Test
    void recordFieldsAreChecked() {
        WireRecord good = wire("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", 1, "https://gw.example/",
                List.of(HEX.parseHex("047f000001060fa1")), EMPTY16.encode());
        org.assertj.core.api.Assertions.assertThatCode(
                () -> CapabilitiesCodec.decodeRecord(CapabilitiesWire.encodeRecord(good), 1 << 20, 32))
                .doesNotThrowAnyException();
        assertDecodeFails(wire("did:key:zNotAKey", 1, "", List.of(), EMPTY16.encode()), "DID");
        assertDecodeFails(wire(good.did(), 1, "ftp://gw.example/", List.of(), EMPTY16.encode()), "gateway");
        assertDecodeFails(wire(good.did(), 1, "not a url", List.of(), EMPTY16.encode()), "gateway");
        assertDecodeFails(wire(good.did(), 1, "", List.of(HEX.parseHex("ff")), EMPTY16.encode()), "swarm address");
        assertDecodeFails(wire(good.did(), 1, "", List.of(), new byte[0]), "Bloom");
        WireRecord unknownType = new WireRecord(good.did(), 1, true, true, 9, "", List.of(), EMPTY16.encode(), false,
                0, 0);
        assertDecodeFails(unknownType, "type");
        WireRecord noIpfs = new WireRecord(good.did(), 1, false, false, 0, "", List.of(), EMPTY16.encode(), false, 0,
                0);
        assertDecodeFails(noIpfs, "IPFS node");
        List<byte[]> many = java.util.Collections.nCopies(33, HEX.parseHex("047f000001060fa1"));
        assertDecodeFails(wire(good.did(), 1, "", many, EMPTY16.encode()), "swarm addresses");
        // non-minimal varint for seq (10 81 00 instead of 10 01): refused as non-canonical
        byte[] canonical = CapabilitiesWire.encodeRecord(wire(good.did(), 1, "", List.of(), EMPTY16.encode()));
        byte[] sloppy = concat(Arrays.copyOfRange(canonical, 0, 58), HEX.parseHex("108100"),
                Arrays.copyOfRange(canonical, 60, canonical.length));
        assertThatThrownBy(() -> CapabilitiesCodec.decodeRecord(sloppy, 1 << 20, 32))
                .isInstanceOf(CapabilitiesFormatException.class).hasMessageContaining("canonical");
        // fields out of order: seq before did
        byte[] swapped = concat(HEX.parseHex("1001"), Arrays.copyOfRange(canonical, 0, 58),
                Arrays.copyOfRange(canonical, 60, canonical.length));
        assertThatThrownBy(() -> CapabilitiesCodec.decodeRecord(swapped, 1 << 20, 32))
                .hasMessageContaining("canonical");
    }

    @Test
    void signingRefusesAnotherIdentitysRecord() {
        assertThatThrownBy(() -> CapabilitiesCodec.sign(record(ALICE, 1, EMPTY16), BOB))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpfsNode(true, IpfsNodeType.KUBO,
                java.util.Optional.of(java.net.URI.create("/relative")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ipfs().withGateway(java.net.URI.create("http://127.0.0.1:8080")).publicGateway()).isPresent();
        assertThat(IpfsNodeType.fromLabel("gateway-only")).isEqualTo(IpfsNodeType.GATEWAY_ONLY);
        assertThat(IpfsNodeType.fromCode(3)).contains(IpfsNodeType.HELIA);
    }

    @Test
    void nodeTypeWireCodesAreFrozen() {
        assertThat(IpfsNodeType.FERRY.code()).isEqualTo(1);
        assertThat(IpfsNodeType.KUBO.code()).isEqualTo(2);
        assertThat(IpfsNodeType.HELIA.code()).isEqualTo(3);
        assertThat(IpfsNodeType.GATEWAY_ONLY.code()).isEqualTo(4);
        assertThat(CapabilitiesService.PROTOCOL_ID).isEqualTo("/ferry/capabilities/1.0.0");
        assertThat(CapabilitiesCodec.SIGNING_DOMAIN).isEqualTo("ferry-capabilities-record:v1");
        assertThat(BloomFilter.HASH_SHA256_DOUBLE).isEqualTo(1);
    }

    static WireRecord wire(String did, long seq, String url, List<byte[]> addrs, byte[] index) {
        return new WireRecord(did, seq, true, true, 1, url, addrs, index, false, 0, 0);
    }

    static void assertDecodeFails(WireRecord w, String message) {
        assertThatThrownBy(() -> CapabilitiesCodec.decodeRecord(CapabilitiesWire.encodeRecord(w), 1 << 20, 32))
                .isInstanceOf(CapabilitiesFormatException.class).hasMessageContaining(message);
    }

    static void assertRefused(byte[] envelope, Identity provenBy, Rejection reason) {
        assertThatThrownBy(() -> CapabilitiesCodec.open(envelope, provenBy.publicKey(), BloomFilter.MAX_BITS, 32))
                .isInstanceOfSatisfying(CapabilitiesRefusedException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
