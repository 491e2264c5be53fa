package dev.ferry.node.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.EcdsaPrivateKey;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKeyFormat;
import dev.ferry.identity.Secp256k1PrivateKey;
import dev.ferry.routing.ipns.IpnsName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renaming, exporting, importing and signing with kept keys, by Kubo's rules. */
class KeyStoreTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PrivateKeyFormat PROTOBUF = PrivateKeyFormat.LIBP2P_PROTOBUF_CLEARTEXT;

    @TempDir
    Path repo;
    Identity self;
    KeyStore keys;

    @BeforeEach
    void open() {
        self = Identity.generate(RANDOM);
        keys = new KeyStore(repo, self);
    }

    private PeerId add(String name) throws Exception {
        Ed25519PrivateKey k = Ed25519PrivateKey.generate(RANDOM);
        keys.add(name, k);
        return PeerId.fromPublicKey(k.publicKey());
    }

    @Test
    void renameMovesTheKeyAndReplacesOnlyWhenForced() throws Exception {
        PeerId a = add("a");
        PeerId b = add("b");
        assertThat(keys.rename("a", "c", false)).isEqualTo(new KeyStore.Renamed(a, false));
        assertThat(keys.list()).containsOnlyKeys("self", "b", "c").containsEntry("c", a);
        assertThat(keys.rename("c", "c", false)).isEqualTo(new KeyStore.Renamed(a, false));
        assertThat(keys.list()).containsEntry("c", a);
        assertThatThrownBy(() -> keys.rename("c", "b", false))
                .hasMessage("key by that name already exists, refusing to overwrite");
        assertThat(keys.list()).containsEntry("b", b).containsEntry("c", a);
        assertThat(keys.rename("c", "b", true)).isEqualTo(new KeyStore.Renamed(a, true));
        assertThat(keys.list()).containsOnlyKeys("self", "b").containsEntry("b", a);
        assertThatThrownBy(() -> keys.rename("self", "x", false)).hasMessage("cannot rename key with name 'self'");
        assertThatThrownBy(() -> keys.rename("b", "self", true)).hasMessage("cannot overwrite key with name 'self'");
        assertThatThrownBy(() -> keys.rename("gone", "x", false)).hasMessage("no key named gone was found");
        assertThatThrownBy(() -> keys.rename("b", "../x", false)).hasMessageContaining("invalid key name");
        assertThat(keys.list()).containsOnlyKeys("self", "b");
    }

    @Test
    void anExportedKeyImportsUnderAnotherNameWithTheSameId() throws Exception {
        PeerId a = add("a");
        for (PrivateKeyFormat f : PrivateKeyFormat.values()) {
            byte[] file = keys.export("a", f);
            assertThat(keys.importKey("copy-" + f.extension(), file, f, false)).isEqualTo(a);
        }
        assertThat(keys.list()).containsEntry("copy-key", a).containsEntry("copy-pem", a);
        assertThatThrownBy(() -> keys.export("self", PROTOBUF)).hasMessage("cannot export key with name 'self'");
        assertThatThrownBy(() -> keys.export("gone", PROTOBUF)).hasMessage("key with name 'gone' doesn't exist");
        byte[] file = keys.export("a", PROTOBUF);
        assertThatThrownBy(() -> keys.importKey("a", file, PROTOBUF, false)).hasMessage("key with name 'a' already exists");
        assertThatThrownBy(() -> keys.importKey("self", file, PROTOBUF, false))
                .hasMessage("cannot import key with name 'self'");
        assertThatThrownBy(() -> keys.importKey("bad", new byte[] {9}, PROTOBUF, false))
                .hasMessageStartingWith("unable to unmarshal");
        assertThat(keys.list()).doesNotContainKey("bad");
    }

    @Test
    void importTakesEd25519Secp256k1AndRsaButEcdsaOnlyOnRequest() throws Exception {
        Secp256k1PrivateKey secp = Secp256k1PrivateKey.generate(RANDOM);
        assertThat(keys.importKey("secp", secp.marshal(), PROTOBUF, false))
                .isEqualTo(PeerId.fromPublicKey(secp.publicKey()));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey k = (ECPrivateKey) g.generateKeyPair().getPrivate();
        EcdsaPrivateKey ecdsa = EcdsaPrivateKey.of(new org.bouncycastle.asn1.sec.ECPrivateKey(256, k.getS(),
                SECObjectIdentifiers.secp256r1).getEncoded("DER"));
        assertThatThrownBy(() -> keys.importKey("ec", ecdsa.marshal(), PROTOBUF, false))
                .hasMessageContaining("key type ECDSA is not allowed to be imported")
                .hasMessageContaining("--allow-any-key-type");
        assertThat(keys.list()).doesNotContainKey("ec");
        assertThat(keys.importKey("ec", ecdsa.marshal(), PROTOBUF, true))
                .isEqualTo(PeerId.fromPublicKey(ecdsa.publicKey()));
    }

    @Test
    void signaturesVerifyByKeyNameIpnsNameOrPeerId() throws Exception {
        PeerId a = add("a");
        byte[] data = "proof".getBytes(StandardCharsets.UTF_8);
        KeyStore.Signed s = keys.sign("a", data);
        assertThat(s.name()).isEqualTo("a");
        assertThat(s.id()).isEqualTo(a);
        assertThat(keys.verify("a", data, s.signature())).isEqualTo(new KeyStore.Verified("a", a, true));
        assertThat(keys.verify(new IpnsName(a).toString(), data, s.signature()))
                .isEqualTo(new KeyStore.Verified("", a, true));
        assertThat(keys.verify(a.toString(), data, s.signature()).valid()).isTrue();
        assertThat(keys.verify("self", data, s.signature())).isEqualTo(new KeyStore.Verified("self", self.peerId(), false));
        assertThat(keys.verify("a", "other".getBytes(StandardCharsets.UTF_8), s.signature()).valid()).isFalse();
        assertThat(keys.verify("self", data, keys.sign("self", data).signature()).valid()).isTrue();
        assertThatThrownBy(() -> keys.sign("gone", data)).hasMessageContaining("no key by the given name was found");
        assertThatThrownBy(() -> keys.verify("gone", data, s.signature()))
                .hasMessage("'gone' is not a known key, an IPNS Name, or a valid PeerID");
    }
}
