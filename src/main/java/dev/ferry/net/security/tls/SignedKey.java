package dev.ferry.net.security.tls;

import java.nio.charset.StandardCharsets;

/**
 * The value of the libp2p public key extension: the host's public key (the libp2p {@code PublicKey} protobuf) and its
 * signature over {@link #PREFIX} followed by the certificate's SubjectPublicKeyInfo. The spec's ASN.1 says BIT
 * STRING, but go-libp2p and js-libp2p write OCTET STRINGs; those are written, and both are read.
 */
record SignedKey(byte[] publicKey, byte[] signature) {
    static final String EXTENSION_OID = "1.3.6.1.4.1.53594.1.1";
    static final byte[] PREFIX = "libp2p-tls-handshake:".getBytes(StandardCharsets.US_ASCII);

    SignedKey {
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    byte[] encode() {
        return DerWriter.sequence(DerWriter.octetString(publicKey), DerWriter.octetString(signature));
    }

    static SignedKey decode(byte[] der) throws DerException {
        DerReader outer = new DerReader(der);
        DerReader seq = outer.sequence();
        outer.end();
        byte[] key = bytes(seq);
        byte[] sig = bytes(seq);
        seq.end();
        return new SignedKey(key, sig);
    }

    private static byte[] bytes(DerReader r) throws DerException {
        return r.peekTag() == DerReader.BIT_STRING ? r.bitString() : r.octetString();
    }

    /** What the host key signs: the prefix, then the certificate key's SubjectPublicKeyInfo DER. */
    static byte[] signedData(byte[] spki) {
        byte[] out = new byte[PREFIX.length + spki.length];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        System.arraycopy(spki, 0, out, PREFIX.length, spki.length);
        return out;
    }
}
