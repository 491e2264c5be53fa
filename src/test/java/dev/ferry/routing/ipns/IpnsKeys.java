package dev.ferry.routing.ipns;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.RsaPrivateKey;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/** Keys for IPNS tests: Ed25519 (the name holds the key) and RSA (the record carries it). */
final class IpnsKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private IpnsKeys() {
    }

    static PrivateKey ed25519() {
        return Ed25519PrivateKey.generate(RANDOM);
    }

    static PrivateKey rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
            byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded("DER");
            return RsaPrivateKey.of(pkcs1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
