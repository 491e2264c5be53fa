package dev.ferry.net.security.tls;

import dev.ferry.identity.EcdsaPrivateKey;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.RsaPrivateKey;
import dev.ferry.identity.Secp256k1PrivateKey;
import dev.ferry.net.transport.DuplexStream;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/** Helpers shared by the TLS tests. */
final class TlsTestSupport {
    static final SecureRandom RANDOM = new SecureRandom();
    static final List<String> YAMUX = List.of("/yamux/1.0.0");

    private TlsTestSupport() {}

    static TlsSecurity tls(Identity id, List<String> muxers) {
        return new TlsSecurity(id, muxers, Duration.ofSeconds(10), RANDOM, InstantSource.system());
    }

    /** A host identity of each key type libp2p knows. */
    static Identity identity(String type) throws Exception {
        return switch (type) {
            case "ed25519" -> Identity.generate(RANDOM);
            case "secp256k1" -> Identity.fromPrivateKey(Secp256k1PrivateKey.generate(RANDOM));
            case "ecdsa" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                var k = (java.security.interfaces.ECPrivateKey) g.generateKeyPair().getPrivate();
                var curve = org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1;
                var x9 = org.bouncycastle.asn1.nist.NISTNamedCurves.getByOID(curve);
                var pub = new org.bouncycastle.asn1.DERBitString(
                        x9.getG().multiply(k.getS()).normalize().getEncoded(false));
                yield Identity.fromPrivateKey(EcdsaPrivateKey.of(new org.bouncycastle.asn1.sec.ECPrivateKey(
                        x9.getN().bitLength(), k.getS(), pub, curve).getEncoded("DER")));
            }
            case "rsa" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
                yield Identity.fromPrivateKey(RsaPrivateKey.of(
                        PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded("DER")));
            }
            default -> throw new IllegalArgumentException(type);
        };
    }

    record Pair(TlsSession client, TlsSession server) {}

    /** Runs both handshakes at once; the server's failure, if any, is rethrown as the cause of the client's. */
    static Pair handshake(TlsSecurity client, TlsSecurity server, DuplexStream clientEnd, DuplexStream serverEnd,
            PeerId expected) throws Exception {
        CompletableFuture<TlsSession> s = CompletableFuture.supplyAsync(() -> {
            try {
                return server.secureInbound(serverEnd);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        TlsSession c;
        try {
            c = client.secureOutbound(clientEnd, expected);
        } catch (Exception e) {
            clientEnd.reset();
            throw e;
        }
        try {
            return new Pair(c, s.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw (Exception) e.getCause().getCause();
        }
    }
}
