package dev.ferry.net.security.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** Offers the host's one libp2p certificate (an ECDSA key) as client and as server, whatever issuers are asked for. */
final class CertificateKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "libp2p";
    private static final String KEY_TYPE = "EC";
    private final TlsCertificate certificate;

    CertificateKeyManager(TlsCertificate certificate) {
        this.certificate = certificate;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return keyTypes == null || Arrays.asList(keyTypes).contains(KEY_TYPE) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return KEY_TYPE.equals(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return KEY_TYPE.equals(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return KEY_TYPE.equals(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? new X509Certificate[] {certificate.certificate()} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? certificate.key() : null;
    }
}
