package dev.ferry.identity;

import static dev.ferry.identity.SpecVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Base58;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** did:key vectors of SPECS §23 (vectors/identity/did-key.json). */
class DidTest {
    private static final JsonNode FILE = SpecVectors.load("did-key.json");

    @Test
    void ed25519SeedVectors() {
        int n = 0;
        for (JsonNode v : FILE.get("ed25519Seeds")) {
            Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(hex(v, "seed"));
            assertThat(Base58.encode(key.publicKey().raw())).isEqualTo(v.get("publicKeyBase58").asText());
            Did did = Did.of(key.publicKey());
            assertThat(did.toString()).isEqualTo(v.get("did").asText());
            assertThat(Did.parse(did.toString())).isEqualTo(did);
            assertThat(Did.parse(did.toString()).publicKey()).isEqualTo(key.publicKey());
            assertThat(Identity.fromPrivateKey(key).did()).isEqualTo(did);
            assertThat(did.keyId()).isEqualTo(did + "#" + did.toString().substring("did:key:".length()));
            n++;
        }
        assertThat(n).isEqualTo(5);
    }

    @Test
    void ed25519PublicKeyVectors() {
        for (JsonNode v : FILE.get("ed25519PublicKeys")) {
            PublicKey key = Ed25519PublicKey.of(Base58.decode(v.get("publicKeyBase58").asText()));
            assertThat(Did.of(key).toString()).isEqualTo(v.get("did").asText());
        }
        JsonNode p = FILE.get("peerIdSpecEd25519");
        assertThat(Did.of(PublicKey.unmarshal(hex(p, "publicProtobuf"))).toString()).isEqualTo(p.get("did").asText());
    }

    @Test
    void secp256k1Vectors() {
        int n = 0;
        for (JsonNode v : FILE.get("secp256k1Seeds")) {
            Secp256k1PrivateKey key = Secp256k1PrivateKey.of(hex(v, "seed"));
            assertThat(Base58.encode(key.publicKey().raw())).isEqualTo(v.get("publicKeyBase58").asText());
            Did did = Did.of(key.publicKey());
            assertThat(did.toString()).isEqualTo(v.get("did").asText());
            assertThat(Did.parse(v.get("did").asText()).publicKey()).isEqualTo(key.publicKey());
            n++;
        }
        assertThat(n).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "did:key:", "did:key:z", "did:web:example.com",
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
        "did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW", // X25519: not a signing key
        "did:key:u7QE", "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0", // '0' is not base58
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW", // one character short: 31-byte key
        "DID:KEY:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"})
    void rejects(String text) {
        assertThatThrownBy(() -> Did.parse(text)).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void rsaKeysHaveNoDidHere() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PublicKey rsa = RsaPublicKey.of(g.generateKeyPair().getPublic().getEncoded());
        assertThatThrownBy(() -> Did.of(rsa)).isInstanceOf(IllegalArgumentException.class);
    }
}
