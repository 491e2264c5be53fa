package dev.ferry.identity;

import static dev.ferry.identity.SpecVectors.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyCodecTest {
    private static final String ED_PUB = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    private static final byte[] MSG = "message".getBytes(StandardCharsets.UTF_8);

    @Test
    void wireConstantsAreFrozen() {
        assertThat(KeyType.RSA.code()).isZero();
        assertThat(KeyType.ED25519.code()).isEqualTo(1);
        assertThat(KeyType.SECP256K1.code()).isEqualTo(2);
        assertThat(KeyType.ECDSA.code()).isEqualTo(3);
        assertThat(KeyType.fromCode(3)).isEqualTo(KeyType.ECDSA);
        assertThatThrownBy(() -> KeyType.fromCode(4)).isInstanceOf(KeyFormatException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "fields reordered,              12010108 01",
        "Data missing,                  0801",
        "Type missing,                  120101",
        "extra field after Data,        08011201aa1801",
        "non-minimal Type varint,       0881001201aa",
        "non-minimal Data length,       080112a0001ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e",
        "unknown key type,              08041201aa",
        "wrong tag for Data (field 3),  081a20",
        "Data length beyond message,    08011221" + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e",
        "trailing byte,                 080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e00",
        "Ed25519 key of 31 bytes,       0801121f1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce2",
        "huge declared length,          08001280808080808001",
        "secp256k1 x not on curve,      080212210200000000000000000000000000000000000000000000000000000000000000000000",
        "secp256k1 uncompressed prefix, 08021221047777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99",
        "RSA garbage DER,               08001203300100",
        "ECDSA garbage DER,             08031203300100",
        "empty,                         ''",
    })
    void strictDecoderRejects(String name, String hex) {
        byte[] bytes = HEX.parseHex(hex.replace(" ", ""));
        assertThatThrownBy(() -> PublicKey.unmarshal(bytes)).as(name).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void strictTwinStillDecodes() {
        assertThat(PublicKey.unmarshal(HEX.parseHex(ED_PUB)).type()).isEqualTo(KeyType.ED25519);
    }

    @Test
    void oversizedMessageIsRejectedBeforeParsing() {
        byte[] big = new byte[KeyProto.MAX_MESSAGE + 1];
        assertThatThrownBy(() -> PublicKey.unmarshal(big)).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> PrivateKey.unmarshal(big)).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void rsaVerification() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(kp.getPrivate());
        s.update(MSG);
        byte[] sig = s.sign();
        PublicKey pub = PublicKey.unmarshal(KeyProto.encode(KeyType.RSA, kp.getPublic().getEncoded()));
        assertThat(pub).isInstanceOf(RsaPublicKey.class);
        assertThat(pub.verify(MSG, sig)).isTrue();
        sig[10] ^= 1;
        assertThat(pub.verify(MSG, sig)).isFalse();
        assertThat(pub.verify(MSG, new byte[3])).isFalse();
        assertThat(PeerId.fromPublicKey(pub).toString()).startsWith("Qm");

        g.initialize(1024);
        byte[] weak = g.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> PublicKey.of(KeyType.RSA, weak)).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("bits");
    }

    @Test
    void rsaPrivateKeysInPkcs1() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] pkcs8 = kp.getPrivate().getEncoded();
        byte[] pkcs1 = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive()
                .getEncoded("DER");
        PrivateKey key = PrivateKey.unmarshal(KeyProto.encode(KeyType.RSA, pkcs1));
        assertThat(key.publicKey().raw()).isEqualTo(kp.getPublic().getEncoded());
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(kp.getPublic());
        v.update(MSG);
        assertThat(v.verify(key.sign(MSG))).isTrue();
        assertThat(PrivateKey.unmarshal(key.marshal())).isEqualTo(key);
        // PKCS#8 is not the libp2p form; a changed prime breaks n = p·q
        assertThatThrownBy(() -> PrivateKey.unmarshal(KeyProto.encode(KeyType.RSA, pkcs8)))
                .isInstanceOf(KeyFormatException.class);
        var k = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(pkcs1);
        byte[] broken = new org.bouncycastle.asn1.pkcs.RSAPrivateKey(k.getModulus(), k.getPublicExponent(),
                k.getPrivateExponent(), k.getPrime1().add(java.math.BigInteger.TWO), k.getPrime2(), k.getExponent1(),
                k.getExponent2(), k.getCoefficient()).getEncoded("DER");
        assertThatThrownBy(() -> PrivateKey.unmarshal(KeyProto.encode(KeyType.RSA, broken)))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("inconsistent");
    }

    @Test
    void ecdsaPrivateKeysInSec1() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        java.math.BigInteger d = ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS();
        var w = ((java.security.interfaces.ECPublicKey) kp.getPublic()).getW();
        byte[] point = new byte[65];
        point[0] = 4;
        byte[] x = w.getAffineX().toByteArray();
        byte[] y = w.getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), point, 1 + 32 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), point, 33 + 32 - Math.min(32, y.length), Math.min(32, y.length));
        var p256 = new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.840.10045.3.1.7");
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, new org.bouncycastle.asn1.DERBitString(point), p256)
                .getEncoded("DER");
        PrivateKey key = PrivateKey.unmarshal(KeyProto.encode(KeyType.ECDSA, sec1));
        assertThat(key.publicKey().raw()).isEqualTo(kp.getPublic().getEncoded());
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(kp.getPublic());
        v.update(MSG);
        assertThat(v.verify(key.sign(MSG))).isTrue();
        assertThat(PrivateKey.unmarshal(key.marshal())).isEqualTo(key);

        point[40] ^= 1;
        byte[] wrongPub = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, new org.bouncycastle.asn1.DERBitString(point), p256)
                .getEncoded("DER");
        assertThatThrownBy(() -> PrivateKey.unmarshal(KeyProto.encode(KeyType.ECDSA, wrongPub)))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("does not match");
        byte[] noCurve = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d).getEncoded("DER");
        assertThatThrownBy(() -> PrivateKey.unmarshal(KeyProto.encode(KeyType.ECDSA, noCurve)))
                .isInstanceOf(KeyFormatException.class);
    }

    @Test
    void deeplyNestedAsn1IsRejectedNotOverflowed() {
        byte[] nested = new byte[KeyProto.MAX_DATA];
        for (int i = 0; i + 1 < nested.length; i += 2) {
            nested[i] = 0x30;
            nested[i + 1] = (byte) 0x80; // indefinite length, BER only
        }
        for (KeyType t : new KeyType[] {KeyType.RSA, KeyType.ECDSA}) {
            assertThatThrownBy(() -> PublicKey.unmarshal(KeyProto.encode(t, nested))).isInstanceOf(KeyFormatException.class);
        }
        assertThatThrownBy(() -> PrivateKey.unmarshal(KeyProto.encode(KeyType.RSA, nested)))
                .isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PrivateKey.unmarshal(KeyProto.encode(KeyType.ECDSA, nested)))
                .isInstanceOf(KeyFormatException.class);
    }

    @Test
    void ecdsaVerification() throws Exception {
        for (String curve : new String[] {"secp256r1", "secp384r1"}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            KeyPair kp = g.generateKeyPair();
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(kp.getPrivate());
            s.update(MSG);
            byte[] sig = s.sign();
            PublicKey pub = PublicKey.unmarshal(KeyProto.encode(KeyType.ECDSA, kp.getPublic().getEncoded()));
            assertThat(pub.verify(MSG, sig)).isTrue();
            assertThat(pub.verify("other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
            assertThat(pub.verify(MSG, new byte[] {0x30, 0x00})).isFalse();
        }
    }

    @Test
    void secp256k1SignaturesAreLowSDerAndStrict() {
        Secp256k1PrivateKey key = Secp256k1PrivateKey.generate(new SecureRandom());
        for (int i = 0; i < 20; i++) {
            byte[] m = ("m" + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = key.sign(m);
            java.math.BigInteger[] rs = Secp256k1Curve.decodeDer(sig);
            assertThat(rs).isNotNull();
            assertThat(rs[1]).isLessThanOrEqualTo(Secp256k1Curve.HALF_N);
            assertThat(key.publicKey().verify(m, sig)).isTrue();
            // a BER length form of the same signature is not DER: rejected
            byte[] ber = new byte[sig.length + 1];
            ber[0] = 0x30;
            ber[1] = (byte) 0x81;
            ber[2] = sig[1];
            System.arraycopy(sig, 2, ber, 3, sig.length - 2);
            assertThat(key.publicKey().verify(m, ber)).isFalse();
        }
        assertThatThrownBy(() -> Secp256k1PrivateKey.of(new byte[32])).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void ed25519KeysGenerateSignAndVerify() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
        byte[] sig = key.sign(MSG);
        assertThat(key.publicKey().verify(MSG, sig)).isTrue();
        assertThat(PrivateKey.unmarshal(key.marshal())).isEqualTo(key);
        assertThat(key.marshal()).hasSize(68);
        assertThat(PeerId.fromPublicKey(key.publicKey()).toString()).startsWith("12D3KooW");
    }
}
