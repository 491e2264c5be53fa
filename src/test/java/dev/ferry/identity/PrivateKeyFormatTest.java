package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

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
    void keysWithoutPkcs8FormHereAreRefusedForPem() {
        Secp256k1PrivateKey key = Secp256k1PrivateKey.generate(RANDOM);
        assertThatThrownBy(() -> PEM.encode(key)).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("SECP256K1").hasMessageContaining("libp2p-protobuf-cleartext");
        assertThat(PROTOBUF.decode(PROTOBUF.encode(key))).isEqualTo(key);
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
        var ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
        assertThatThrownBy(() -> PEM.decode(pem(ec, "PRIVATE KEY"))).hasMessageContaining("unsupported key algorithm");
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
