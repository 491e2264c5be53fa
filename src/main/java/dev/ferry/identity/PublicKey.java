package dev.ferry.identity;

/**
 * A libp2p public key. Immutable, thread-safe; equality is over type and {@link #raw()} bytes.
 */
public sealed interface PublicKey permits Ed25519PublicKey, Secp256k1PublicKey, RsaPublicKey, EcdsaPublicKey {
    KeyType type();

    /** A copy of the key's Data bytes (the type-specific encoding inside the protobuf). */
    byte[] raw();

    /** The serialized {@code PublicKey} protobuf (deterministic: the bytes a peer ID is derived from). */
    byte[] marshal();

    /** Whether {@code signature} is valid for {@code data}. Never throws on malformed signatures. */
    boolean verify(byte[] data, byte[] signature);

    /**
     * Decodes a serialized {@code PublicKey} protobuf.
     *
     * @throws KeyFormatException if the bytes are not exactly one valid, canonically encoded key
     */
    static PublicKey unmarshal(byte[] bytes) {
        KeyProto.Decoded d = KeyProto.decode(bytes, "public key");
        return of(d.type(), d.data());
    }

    /**
     * A key from its type and Data bytes (copied).
     *
     * @throws KeyFormatException if the data is not a valid key of that type
     */
    static PublicKey of(KeyType type, byte[] data) {
        return switch (type) {
            case ED25519 -> Ed25519PublicKey.of(data);
            case SECP256K1 -> Secp256k1PublicKey.of(data);
            case RSA -> RsaPublicKey.of(data);
            case ECDSA -> EcdsaPublicKey.of(data);
        };
    }
}
