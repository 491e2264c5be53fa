package dev.ferry.routing.ipns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.multiformats.Multibase;
import dev.ferry.routing.ipns.wire.IpnsProto.IpnsEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IPNS records: made as the spec says, verified step by step, every way of being wrong refused. */
class IpnsRecordTest {
    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
    private static final Instant LATER = NOW.plus(Duration.ofHours(48)).plusNanos(123_400);
    private static final byte[] VALUE = "/ipfs/bafkqaddwgevxmmraojswg33smq".getBytes(StandardCharsets.UTF_8);
    private static final long TTL = Duration.ofMinutes(5).toNanos();

    private static IpnsName nameOf(PrivateKey key) {
        return new IpnsName(PeerId.fromPublicKey(key.publicKey()));
    }

    @Test
    void aV1CompatibleRecordHoldsTheSameFieldsTwiceAndVerifies() throws Exception {
        PrivateKey key = IpnsKeys.ed25519();
        IpnsRecord r = IpnsRecord.create(key, VALUE, 7, LATER, TTL, true);
        IpnsEntry e = IpnsEntry.parseFrom(r.bytes());
        assertThat(e.hasPubKey()).isFalse(); // an Ed25519 name holds its key
        assertThat(e.getValue().toByteArray()).isEqualTo(VALUE);
        assertThat(e.getValidity().toStringUtf8()).isEqualTo("2026-11-29T03:00:00.0001234Z");
        assertThat(e.getSequence()).isEqualTo(7);
        assertThat(e.getTtl()).isEqualTo(TTL);
        assertThat(key.publicKey().verify(concat(VALUE, e.getValidity().toByteArray(), "EOL".getBytes()),
                e.getSignatureV1().toByteArray())).isTrue();
        // data keys in dag-cbor order: length first, then bytes
        byte[] data = e.getData().toByteArray();
        assertThat(new String(data, StandardCharsets.ISO_8859_1))
                .containsSubsequence("TTL", "Value", "Sequence", "Validity", "ValidityType");
        IpnsRecord read = IpnsRecord.verify(nameOf(key), r.bytes(), NOW);
        assertThat(read.path()).isEqualTo("/ipfs/bafkqaddwgevxmmraojswg33smq");
        assertThat(read.sequence()).isEqualTo(7);
        assertThat(read.validity()).isEqualTo(LATER);
        assertThat(read.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(read).isEqualTo(r);
    }

    @Test
    void aV2OnlyRecordVerifiesAndAnRsaRecordCarriesItsKey() throws Exception {
        PrivateKey ed = IpnsKeys.ed25519();
        IpnsRecord v2 = IpnsRecord.create(ed, VALUE, 0, LATER, TTL, false);
        IpnsEntry e = IpnsEntry.parseFrom(v2.bytes());
        assertThat(e.hasValue() || e.hasSignatureV1() || e.hasSequence()).isFalse();
        assertThat(IpnsRecord.verify(nameOf(ed), v2.bytes(), NOW).path()).startsWith("/ipfs/");
        PrivateKey rsa = IpnsKeys.rsa();
        IpnsRecord r = IpnsRecord.create(rsa, VALUE, 1, LATER, TTL, true);
        assertThat(IpnsEntry.parseFrom(r.bytes()).getPubKey().toByteArray()).isEqualTo(rsa.publicKey().marshal());
        assertThat(IpnsRecord.verify(nameOf(rsa), r.bytes(), NOW).sequence()).isEqualTo(1);
        // the RSA record without its key cannot be checked against a hashed name
        byte[] keyless = IpnsEntry.parseFrom(r.bytes()).toBuilder().clearPubKey().build().toByteArray();
        assertThatThrownBy(() -> IpnsRecord.verify(nameOf(rsa), keyless, NOW))
                .isInstanceOf(InvalidIpnsRecordException.class).hasMessageContaining("no public key");
        // nor with someone else's key
        byte[] otherKey = IpnsEntry.parseFrom(r.bytes()).toBuilder()
                .setPubKey(ByteString.copyFrom(IpnsKeys.rsa().publicKey().marshal())).build().toByteArray();
        assertThatThrownBy(() -> IpnsRecord.verify(nameOf(rsa), otherKey, NOW))
                .isInstanceOf(InvalidIpnsRecordException.class).hasMessageContaining("not the key of");
    }

    @Test
    void everyWayOfBeingWrongIsRefused() throws Exception {
        PrivateKey key = IpnsKeys.ed25519();
        IpnsName name = nameOf(key);
        IpnsRecord good = IpnsRecord.create(key, VALUE, 3, LATER, TTL, true);
        IpnsEntry e = IpnsEntry.parseFrom(good.bytes());
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("V1 value differs from data (spec vector 3)", e.toBuilder()
                .setValue(ByteString.copyFromUtf8("/ipfs/other")).build().toByteArray());
        bad.put("V1 sequence differs", e.toBuilder().setSequence(4).build().toByteArray());
        bad.put("V1 ttl differs", e.toBuilder().setTtl(1).build().toByteArray());
        bad.put("V2 signature broken (spec vector 4)", e.toBuilder()
                .setSignatureV2(ByteString.copyFrom(new byte[64])).build().toByteArray());
        bad.put("no V2 signature (V1 only, spec vector 1)", e.toBuilder().clearSignatureV2().clearData().build()
                .toByteArray());
        bad.put("not protobuf", new byte[] {(byte) 0xff, (byte) 0xff, 1});
        bad.put("too big", new byte[IpnsRecord.MAX_SIZE + 1]);
        bad.put("signed by another key", IpnsRecord.create(IpnsKeys.ed25519(), VALUE, 3, LATER, TTL, true).bytes());
        bad.put("data not dag-cbor", signed(key, new byte[] {(byte) 0xa1}, false));
        bad.put("data not a map", signed(key, DagCbor.encode(new CborBytes(VALUE)), false));
        bad.put("unknown validity type", signed(key, data(VALUE, "2026-11-29T03:00:00Z", 1, 0, 0), false));
        bad.put("validity not a time", signed(key, data(VALUE, "tomorrow", 0, 0, 0), false));
        bad.put("no TTL", signed(key, DagCbor.encode(new CborMap(Map.of("Value", new CborBytes(VALUE),
                "Validity", new CborBytes("2026-11-29T03:00:00Z".getBytes()), "ValidityType", CborInteger.of(0),
                "Sequence", CborInteger.of(0)))), false));
        bad.put("negative sequence", signed(key, data(VALUE, "2026-11-29T03:00:00Z", 0, -1, 0), false));
        bad.put("expired", IpnsRecord.create(key, VALUE, 3, NOW, TTL, true).bytes());
        for (Map.Entry<String, byte[]> b : bad.entrySet()) {
            assertThatThrownBy(() -> IpnsRecord.verify(name, b.getValue(), NOW)).as(b.getKey())
                    .isInstanceOf(InvalidIpnsRecordException.class);
        }
        // a broken V1 signature alone does not matter (spec vector 5): V1 signatures are never checked
        byte[] brokenV1 = e.toBuilder().setSignatureV1(ByteString.copyFrom(new byte[64])).build().toByteArray();
        assertThat(IpnsRecord.verify(name, brokenV1, NOW).sequence()).isEqualTo(3);
        // extra fields in data are ignored, any RFC 3339 offset reads
        Map<String, CborValue> extra = new LinkedHashMap<>(((CborMap) DagCbor.decode(data(VALUE,
                "2026-11-29T05:00:00.5+02:00", 0, 9, 1))).entries());
        extra.put("_ferry", new CborBytes(new byte[] {1}));
        IpnsRecord r = IpnsRecord.verify(name, signed(key, DagCbor.encode(new CborMap(extra)), false), NOW);
        assertThat(r.validity()).isEqualTo(Instant.parse("2026-11-29T03:00:00.5Z"));
        assertThat(r.sequence()).isEqualTo(9);
    }

    @Test
    void selectionPrefersTheHigherSequenceThenTheLaterValidity() {
        PrivateKey key = IpnsKeys.ed25519();
        IpnsRecord s1 = IpnsRecord.create(key, VALUE, 1, LATER, TTL, true);
        IpnsRecord s2 = IpnsRecord.create(key, VALUE, 2, NOW.plusSeconds(60), TTL, true);
        IpnsRecord s2later = IpnsRecord.create(key, VALUE, 2, LATER, TTL, true);
        IpnsRecord huge = IpnsRecord.create(key, VALUE, -1L, LATER, TTL, true); // 2^64-1, unsigned
        assertThat(s2.betterThan(s1)).isTrue();
        assertThat(s1.betterThan(s2)).isFalse();
        assertThat(s2later.betterThan(s2)).isTrue();
        assertThat(huge.betterThan(s2later)).isTrue();
        IpnsRecordValidator v = new IpnsRecordValidator(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        byte[] key2 = nameOf(key).routingKey();
        assertThat(v.select(key2, List.of(s1.bytes(), s2later.bytes(), s2.bytes()))).isEqualTo(1);
        assertThat(v.select(key2, List.of(new byte[] {1}, s1.bytes()))).isEqualTo(1);
    }

    @Test
    void namesReadInEveryFormAndMapToRoutingKeys() {
        PrivateKey key = IpnsKeys.ed25519();
        PeerId id = PeerId.fromPublicKey(key.publicKey());
        IpnsName name = new IpnsName(id);
        assertThat(name.toString()).startsWith("k51").isEqualTo(id.toCidString(Multibase.BASE36));
        assertThat(IpnsName.parse(name.toString())).isEqualTo(name);
        assertThat(IpnsName.parse("/ipns/" + id)).isEqualTo(name);
        assertThat(IpnsName.parse(id.toCidString(Multibase.BASE32))).isEqualTo(name);
        byte[] rk = name.routingKey();
        assertThat(new String(rk, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("/ipns/");
        assertThat(IpnsName.fromRoutingKey(rk)).isEqualTo(name);
        assertThatThrownBy(() -> IpnsName.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpnsName.parse("bafkqaddwgevxmmraojswg33smq"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpnsName.fromRoutingKey("/pk/x".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validityIsWrittenAsGoWritesIt() throws Exception {
        assertThat(IpnsValidity.format(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(IpnsValidity.format(Instant.parse("2026-01-02T03:04:05.120Z")))
                .isEqualTo("2026-01-02T03:04:05.12Z");
        assertThat(IpnsValidity.format(Instant.parse("2026-01-02T03:04:05.000000001Z")))
                .isEqualTo("2026-01-02T03:04:05.000000001Z");
        assertThat(IpnsValidity.parse("2026-01-02T03:04:05.123456789Z").getNano()).isEqualTo(123456789);
        assertThatThrownBy(() -> IpnsValidity.parse("2026-01-02 03:04:05"))
                .isInstanceOf(InvalidIpnsRecordException.class);
    }

    static byte[] data(byte[] value, String validity, long type, long sequence, long ttl) {
        Map<String, CborValue> m = new LinkedHashMap<>();
        m.put("Value", new CborBytes(value));
        m.put("Validity", new CborBytes(validity.getBytes(StandardCharsets.US_ASCII)));
        m.put("ValidityType", CborInteger.of(type));
        m.put("Sequence", CborInteger.of(sequence));
        m.put("TTL", CborInteger.of(ttl));
        return DagCbor.encode(new CborMap(m));
    }

    /** A record of {@code data} with a valid V2 signature: what a hostile but key-holding publisher can make. */
    static byte[] signed(PrivateKey key, byte[] data, boolean withKey) {
        IpnsEntry.Builder b = IpnsEntry.newBuilder().setData(ByteString.copyFrom(data))
                .setSignatureV2(ByteString.copyFrom(key.sign(concat("ipns-signature:".getBytes(), data))));
        if (withKey) {
            b.setPubKey(ByteString.copyFrom(key.publicKey().marshal()));
        }
        return b.build().toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
