package dev.ferry.identity;

/**
 * A libp2p private key that can sign. Immutable, thread-safe; {@link #toString()} never shows secret material.
 */
public sealed interface PrivateKey permits Ed25519PrivateKey, Secp256k1PrivateKey, RsaPrivateKey, EcdsaPrivateKey {
    KeyType type();

    PublicKey publicKey();

    /** The signature of {@code data} in the type's libp2p form. */
    byte[] sign(byte[] data);

    /** The serialized {@code PrivateKey} protobuf (as stored on disk by libp2p implementations). */
    byte[] marshal();

    /**
     * Decodes a serialized {@code PrivateKey} protobuf.
     *
     * @throws KeyFormatException if malformed, inconsistent or of an unsupported type
     */
    static PrivateKey unmarshal(byte[] bytes) {
        KeyProto.Decoded d = KeyProto.decode(bytes, "private key");
        return switch (d.type()) {
            case ED25519 -> Ed25519PrivateKey.fromData(d.data());
            case SECP256K1 -> Secp256k1PrivateKey.of(d.data());
            case RSA -> RsaPrivateKey.of(d.data());
            case ECDSA -> EcdsaPrivateKey.of(d.data());
        };
    }
}
