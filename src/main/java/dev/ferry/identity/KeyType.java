package dev.ferry.identity;

/** libp2p key types with their protobuf enum values (append-only: these codes are on the wire). */
public enum KeyType {
    RSA(0),
    ED25519(1),
    SECP256K1(2),
    ECDSA(3);

    private final int code;

    KeyType(int code) {
        this.code = code;
    }

    /** The protobuf enum value. */
    public int code() {
        return code;
    }

    /**
     * @throws KeyFormatException for a code that is not a key type
     */
    public static KeyType fromCode(long code) {
        for (KeyType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new KeyFormatException("unknown key type " + code);
    }
}
