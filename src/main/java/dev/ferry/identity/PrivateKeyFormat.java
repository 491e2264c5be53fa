package dev.ferry.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The two forms a private key is exported and imported in, by Kubo's names: the libp2p {@code PrivateKey} protobuf
 * (what the keystore holds) and an unencrypted PKCS#8 {@code PRIVATE KEY} in PEM, which OpenSSL and most other tools
 * read. PKCS#8 covers Ed25519, RSA and ECDSA keys, as Kubo's (Go's x509); secp256k1 keys have only the protobuf form,
 * as in Kubo, since no standard names that curve for PKCS#8 in Go.
 */
public enum PrivateKeyFormat {
    LIBP2P_PROTOBUF_CLEARTEXT("libp2p-protobuf-cleartext", "key"),
    PEM_PKCS8_CLEARTEXT("pem-pkcs8-cleartext", "pem");

    /** RFC 8410's id-Ed25519. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final String PEM_TYPE = "PRIVATE KEY";
    private static final int PEM_LINE = 64;

    private final String formatName;
    private final String extension;

    PrivateKeyFormat(String formatName, String extension) {
        this.formatName = formatName;
        this.extension = extension;
    }

    /** Kubo's name for the format, as {@code --format} takes it. */
    public String formatName() {
        return formatName;
    }

    /** The file name extension an export gets by default ({@code key} or {@code pem}). */
    public String extension() {
        return extension;
    }

    /**
     * @throws IllegalArgumentException for a name that is no format
     */
    public static PrivateKeyFormat byName(String name) {
        for (PrivateKeyFormat f : values()) {
            if (f.formatName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unrecognized format: " + name + " (" + LIBP2P_PROTOBUF_CLEARTEXT.formatName
                + " or " + PEM_PKCS8_CLEARTEXT.formatName + ")");
    }

    /**
     * The key in this format.
     *
     * @throws KeyFormatException when the key has no PKCS#8 form (secp256k1)
     */
    public byte[] encode(PrivateKey key) {
        return switch (this) {
            case LIBP2P_PROTOBUF_CLEARTEXT -> key.marshal();
            case PEM_PKCS8_CLEARTEXT -> pem(pkcs8(key));
        };
    }

    /**
     * Reads a key written in this format.
     *
     * @throws KeyFormatException when the bytes are not a supported key in this format
     */
    public PrivateKey decode(byte[] bytes) {
        return switch (this) {
            case LIBP2P_PROTOBUF_CLEARTEXT -> {
                try {
                    yield PrivateKey.unmarshal(bytes);
                } catch (KeyFormatException e) {
                    if (new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN ")) {
                        throw new KeyFormatException("unexpected PEM block for format=" + formatName
                                + ": try again with format=" + PEM_PKCS8_CLEARTEXT.formatName);
                    }
                    throw new KeyFormatException("unable to unmarshal format=" + formatName + ": " + e.getMessage(), e);
                }
            }
            case PEM_PKCS8_CLEARTEXT -> fromPkcs8(unpem(bytes));
        };
    }

    private static byte[] pkcs8(PrivateKey key) {
        try {
            return switch (key) {
                case Ed25519PrivateKey ed -> new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
                        new DEROctetString(ed.seed())).getEncoded("DER");
                case RsaPrivateKey rsa -> new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        ASN1Primitive.fromByteArray(KeyProto.decode(rsa.marshal(), "RSA key").data()))
                        .getEncoded("DER");
                case EcdsaPrivateKey ecdsa -> ecdsa.pkcs8();
                case Secp256k1PrivateKey s -> throw noPkcs8(key);
            };
        } catch (IOException e) {
            throw new KeyFormatException("encoding the key as PKCS#8: " + e.getMessage(), e);
        }
    }

    /** Kubo's error (Go's x509 knows no secp256k1 in PKCS#8), with the way out. */
    private static KeyFormatException noPkcs8(PrivateKey key) {
        return new KeyFormatException("marshalling key to PKCS8 format: unknown key type while marshaling PKCS#8: "
                + key.type() + " (export it as " + LIBP2P_PROTOBUF_CLEARTEXT.formatName + ")");
    }

    private static PrivateKey fromPkcs8(byte[] der) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (info == null) {
                throw new KeyFormatException("parsing PKCS8 format: empty");
            }
            var oid = info.getPrivateKeyAlgorithm().getAlgorithm();
            if (oid.equals(ID_ED25519)) {
                return Ed25519PrivateKey.fromSeed(ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets());
            }
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return RsaPrivateKey.of(info.parsePrivateKey().toASN1Primitive().getEncoded("DER"));
            }
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                return EcdsaPrivateKey.fromPkcs8(info, der);
            }
            throw new KeyFormatException("parsing PKCS8 format: unsupported key algorithm " + oid
                    + " (Ed25519, RSA and ECDSA keys are read from PEM)");
        } catch (KeyFormatException e) {
            throw e.getMessage().startsWith("parsing PKCS8 format") ? e
                    : new KeyFormatException("parsing PKCS8 format: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("parsing PKCS8 format: " + e.getMessage(), e);
        }
    }

    private static byte[] pem(byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder("-----BEGIN " + PEM_TYPE + "-----\n");
        for (int i = 0; i < b64.length(); i += PEM_LINE) {
            out.append(b64, i, Math.min(b64.length(), i + PEM_LINE)).append('\n');
        }
        return out.append("-----END " + PEM_TYPE + "-----\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The DER of the first PEM block, which must be a {@code PRIVATE KEY}. */
    private static byte[] unpem(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf("-----BEGIN ");
        int typeEnd = begin < 0 ? -1 : text.indexOf("-----", begin + 11);
        if (typeEnd < 0) {
            throw new KeyFormatException("PEM block not found in input data");
        }
        String type = text.substring(begin + 11, typeEnd);
        String endMarker = "-----END " + type + "-----";
        int end = text.indexOf(endMarker, typeEnd);
        if (end < 0) {
            throw new KeyFormatException("PEM block not found in input data (no " + endMarker + ")");
        }
        if (!type.equals(PEM_TYPE)) {
            throw new KeyFormatException("expected " + PEM_TYPE + " type in PEM block but got: " + type);
        }
        String body = text.substring(typeEnd + 5, end);
        if (body.contains(":")) {
            throw new KeyFormatException("encrypted or annotated PEM blocks are not supported");
        }
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("PEM block is not valid base64: " + e.getMessage(), e);
        }
    }
}
