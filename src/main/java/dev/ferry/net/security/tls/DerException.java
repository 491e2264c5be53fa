package dev.ferry.net.security.tls;

/** Bytes that are not the strict DER the reader expects (a certificate or libp2p extension a peer sent). */
public final class DerException extends TlsException {
    public DerException(String message) {
        super(message);
    }
}
