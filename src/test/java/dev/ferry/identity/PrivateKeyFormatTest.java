package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateKeyFormatTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PrivateKeyFormat PROTOBUF = PrivateKeyFormat.LIBP2P_PROTOBUF_CLEARTEXT;
    private static final PrivateKeyFormat PEM = PrivateKeyFormat.PEM_PKCS8_CLEARTEXT;

    private static byte[] pem(byte[] der, String type) {
        return ("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void formatsAreNamedAsKubo() {
        assertThat(PrivateKeyFormat.byName("libp2p-protobuf-cleartext")).isEqualTo(PROTOBUF);
        assertThat(PrivateKeyFormat.byName("pem-pkcs8-cleartext")).isEqualTo(PEM);
        assertThat(PROTOBUF.extension()).isEqualTo("key");
        assertThat(PEM.extension()).isEqualTo("pem");
        assertThatThrownBy(() -> PrivateKeyFormat.byName("pem")).hasMessageContaining("unrecognized format: pem");
    }

    @Test
    void anEd25519KeyGoesBothWaysInBothFormats() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
        assertThat(PROTOBUF.encode(key)).isEqualTo(key.marshal());
        assertThat(PROTOBUF.decode(key.marshal())).isEqualTo(key);
        byte[] pem = PEM.encode(key);
        String text = new String(pem, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
        assertThat(PEM.decode(pem)).isEqualTo(key);
    }

    @Test
    void thePemOfAnEd25519KeyIsThePkcs8TheJdkReadsAndWrites() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
        String text = new String(PEM.encode(key), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        EdECPrivateKey jdk = (EdECPrivateKey) KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(jdk.getBytes()).hasValue(key.seed());

        var made = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        PrivateKey imported = PEM.decode(pem(made.getPrivate().getEncoded(), "PRIVATE KEY"));
        assertThat(((Ed25519PrivateKey) imported).seed())
                .isEqualTo(((EdECPrivateKey) made.getPrivate()).getBytes().orElseThrow());
        assertThat(PEM.encode(imported)).isEqualTo(pem(made.getPrivate().getEncoded(), "PRIVATE KEY"));
    }

    @Test
    void anRsaKeyFromTheJdkGoesThroughPemUnchanged() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
        PrivateKey key = PEM.decode(pem(pkcs8, "PRIVATE KEY"));
        assertThat(key.type()).isEqualTo(KeyType.RSA);
        assertThat(PEM.encode(key)).isEqualTo(pem(pkcs8, "PRIVATE KEY"));
        assertThat(PROTOBUF.decode(PROTOBUF.encode(key)).publicKey()).isEqualTo(key.publicKey());
    }

    @Test
    void secp256k1KeysAreRefusedForPemAsKuboDoes() throws Exception {
        Secp256k1PrivateKey key = Secp256k1PrivateKey.generate(RANDOM);
        assertThatThrownBy(() -> PEM.encode(key)).isInstanceOf(KeyFormatException.class)
                .hasMessageStartingWith("marshalling key to PKCS8 format: unknown key type while marshaling PKCS#8: "
                        + "SECP256K1")
                .hasMessageContaining("libp2p-protobuf-cleartext");
        assertThat(PROTOBUF.decode(PROTOBUF.encode(key))).isEqualTo(key);

        // what OpenSSL writes for a secp256k1 key: the EC algorithm naming curve 1.3.132.0.10
        byte[] pkcs8 = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256k1), new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                new BigInteger(1, KeyProto.decode(key.marshal(), "key").data()), null)).getEncoded("DER");
        assertThatThrownBy(() -> PEM.decode(pem(pkcs8, "PRIVATE KEY"))).isInstanceOf(KeyFormatException.class)
                .hasMessageStartingWith("parsing PKCS8 format: x509: failed to parse EC private key embedded in "
                        + "PKCS#8: x509: unknown elliptic curve");
    }

    /** A key as go-libp2p stores it: SEC1 naming the curve, with the public key when {@code withPublic}. */
    static EcdsaPrivateKey ecdsa(String curve, boolean withPublic) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        ECPrivateKey k = (ECPrivateKey) g.generateKeyPair().getPrivate();
        var oid = switch (curve) {
            case "secp256r1" -> SECObjectIdentifiers.secp256r1;
            case "secp384r1" -> SECObjectIdentifiers.secp384r1;
            default -> SECObjectIdentifiers.secp521r1;
        };
        var x9 = org.bouncycastle.asn1.nist.NISTNamedCurves.getByOID(oid);
        var pub = withPublic
                ? new org.bouncycastle.asn1.DERBitString(x9.getG().multiply(k.getS()).normalize().getEncoded(false))
                : null;
        return EcdsaPrivateKey.of(new org.bouncycastle.asn1.sec.ECPrivateKey(x9.getN().bitLength(), k.getS(), pub,
                oid).getEncoded("DER"));
    }

    static EcdsaPrivateKey ecdsa(String curve) throws Exception {
        return ecdsa(curve, true);
    }

    private static byte[] der(byte[] pem) {
        return Base64.getMimeDecoder().decode(new String(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void anEcdsaKeyGoesBothWaysThroughPemAndTheJdkReadsIt(String curve) throws Exception {
        EcdsaPrivateKey key = ecdsa(curve);
        byte[] pem = PEM.encode(key);
        assertThat(new String(pem, StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        PrivateKey back = PEM.decode(pem);
        assertThat(back).isEqualTo(key);
        assertThat(back.marshal()).isEqualTo(key.marshal());

        // Go's layout: the curve in the algorithm identifier, the SEC1 key inside without it, public key embedded
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(der(pem));
        assertThat(info.getPrivateKeyAlgorithm().getAlgorithm()).isEqualTo(X9ObjectIdentifiers.id_ecPublicKey);
        var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        assertThat(inner.getParametersObject()).isNull();
        assertThat(inner.getPublicKey()).isNotNull();

        // a stored key without its public key comes back with it: the same key, as Go would store it
        EcdsaPrivateKey bare = ecdsa(curve, false);
        PrivateKey completed = PEM.decode(PEM.encode(bare));
        assertThat(completed.publicKey()).isEqualTo(bare.publicKey());
        assertThat(PEM.encode(completed)).isEqualTo(PEM.encode(bare));

        ECPrivateKey jdk = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        byte[] data = "signed by one, checked by the other".getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(jdk);
        s.update(data);
        assertThat(key.publicKey().verify(data, s.sign())).isTrue();
    }

    @Test
    void anEcdsaKeyTheJdkWritesIsImported() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = g.generateKeyPair();
        PrivateKey key = PEM.decode(pem(pair.getPrivate().getEncoded(), "PRIVATE KEY"));
        assertThat(key.type()).isEqualTo(KeyType.ECDSA);
        assertThat(key.publicKey().raw()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(PROTOBUF.decode(PROTOBUF.encode(key))).isEqualTo(key);
    }

    @Test
    void anEcdsaPemWhoseEmbeddedPublicKeyIsAnotherKeysIsRefused() throws Exception {
        EcdsaPrivateKey key = ecdsa("secp256r1");
        EcdsaPrivateKey other = ecdsa("secp256r1");
        var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                PrivateKeyInfo.getInstance(der(PEM.encode(key))).parsePrivateKey());
        var otherInner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                PrivateKeyInfo.getInstance(der(PEM.encode(other))).parsePrivateKey());
        byte[] mixed = new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                SECObjectIdentifiers.secp256r1), new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(),
                otherInner.getPublicKey(), null)).getEncoded("DER");
        assertThatThrownBy(() -> PEM.decode(pem(mixed, "PRIVATE KEY"))).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("embedded public key does not match");
    }

    @Test
    void openSslReadsTheEcdsaPemAndWritesOneFerryReads(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        EcdsaPrivateKey key = ecdsa("secp256r1");
        Path file = tmp.resolve("key.pem");
        Files.write(file, PEM.encode(key));
        String pub = run("/usr/bin/openssl", "pkey", "-in", file.toString(), "-pubout", "-outform", "DER", "-out",
                tmp.resolve("pub.der").toString());
        assertThat(pub).isEmpty();
        assertThat(Files.readAllBytes(tmp.resolve("pub.der"))).isEqualTo(key.publicKey().raw());

        Path made = tmp.resolve("made.pem");
        run("/usr/bin/openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out",
                made.toString());
        PrivateKey imported = PEM.decode(Files.readAllBytes(made));
        assertThat(imported.type()).isEqualTo(KeyType.ECDSA);
        run("/usr/bin/openssl", "pkey", "-in", made.toString(), "-pubout", "-outform", "DER", "-out",
                tmp.resolve("made.der").toString());
        assertThat(Files.readAllBytes(tmp.resolve("made.der"))).isEqualTo(imported.publicKey().raw());

        Path k1 = tmp.resolve("k1.pem");
        run("/usr/bin/openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1", "-out",
                k1.toString());
        assertThatThrownBy(() -> PEM.decode(Files.readAllBytes(k1)))
                .hasMessageContaining("x509: unknown elliptic curve");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void badInputGetsKubosMessages() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
        assertThatThrownBy(() -> PROTOBUF.decode(PEM.encode(key))).isInstanceOf(KeyFormatException.class)
                .hasMessage("unexpected PEM block for format=libp2p-protobuf-cleartext: "
                        + "try again with format=pem-pkcs8-cleartext");
        assertThatThrownBy(() -> PROTOBUF.decode(new byte[] {1, 2, 3, 4, 5}))
                .hasMessageStartingWith("unable to unmarshal format=libp2p-protobuf-cleartext: ");
        assertThatThrownBy(() -> PEM.decode(key.marshal())).hasMessageStartingWith("PEM block not found in input data");
        var pub = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> PEM.decode(pem(pub, "PUBLIC KEY")))
                .hasMessage("expected PRIVATE KEY type in PEM block but got: PUBLIC KEY");
        assertThatThrownBy(() -> PEM.decode(pem(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}, "PRIVATE KEY")))
                .isInstanceOf(KeyFormatException.class).hasMessageStartingWith("parsing PKCS8 format");
        var x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPrivate().getEncoded();
        assertThatThrownBy(() -> PEM.decode(pem(x25519, "PRIVATE KEY")))
                .hasMessageContaining("unsupported key algorithm 1.3.101.110");
    }

    @Test
    void signaturesCarryKubosPrefix() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] sig = KeySignature.sign(key, data);
        assertThat(KeySignature.verify(key.publicKey(), data, sig)).isTrue();
        assertThat(key.publicKey().verify(("libp2p-key signed message:hello").getBytes(StandardCharsets.UTF_8), sig))
                .isTrue();
        assertThat(key.publicKey().verify(data, sig)).isFalse();
        assertThat(KeySignature.verify(key.publicKey(), "hellO".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }
}
