package dev.ferry.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of the multicodec table (multiformats/multicodec table.csv) ferry uses. Codes are wire constants:
 * append only, never change one.
 */
public enum Multicodec {
    IDENTITY(0x00, "identity"),
    SHA1(0x11, "sha1"),
    SHA2_256(0x12, "sha2-256"),
    SHA2_512(0x13, "sha2-512"),
    SHA3_512(0x14, "sha3-512"),
    SHA3_384(0x15, "sha3-384"),
    SHA3_256(0x16, "sha3-256"),
    SHA3_224(0x17, "sha3-224"),
    BLAKE3(0x1e, "blake3"),
    MURMUR3_X64_64(0x22, "murmur3-x64-64"),
    BLAKE2B_256(0xb220, "blake2b-256"),
    CBOR(0x51, "cbor"),
    RAW(0x55, "raw"),
    DAG_PB(0x70, "dag-pb"),
    DAG_CBOR(0x71, "dag-cbor"),
    LIBP2P_KEY(0x72, "libp2p-key"),
    DAG_JSON(0x0129, "dag-json"),
    JSON(0x0200, "json"),
    CAR(0x0202, "car"),
    IPNS_RECORD(0x0300, "ipns-record"),
    SECP256K1_PUB(0xe7, "secp256k1-pub"),
    X25519_PUB(0xec, "x25519-pub"),
    ED25519_PUB(0xed, "ed25519-pub"),
    P256_PUB(0x1200, "p256-pub"),
    ED25519_PRIV(0x1300, "ed25519-priv"),
    TRANSPORT_BITSWAP(0x0900, "transport-bitswap"),
    TRANSPORT_IPFS_GATEWAY_HTTP(0x0920, "transport-ipfs-gateway-http");

    private static final Map<Long, Multicodec> BY_CODE = new HashMap<>();
    private static final Map<String, Multicodec> BY_NAME = new HashMap<>();

    static {
        for (Multicodec c : values()) {
            BY_CODE.put(c.code, c);
            BY_NAME.put(c.codecName, c);
        }
    }

    private final long code;
    private final String codecName;

    Multicodec(long code, String codecName) {
        this.code = code;
        this.codecName = codecName;
    }

    public long code() {
        return code;
    }

    /** The name in the multicodec table, e.g. {@code "dag-pb"}. */
    public String codecName() {
        return codecName;
    }

    /**
     * The content codecs (tag "ipld" in the table) ferry reads and writes blocks in, in code order: what ferry
     * lists as its codecs.
     */
    public static java.util.List<Multicodec> contentCodecs() {
        return java.util.List.of(RAW, DAG_PB, DAG_CBOR, LIBP2P_KEY, DAG_JSON);
    }

    public static Optional<Multicodec> byCode(long code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    public static Optional<Multicodec> byName(String codecName) {
        return Optional.ofNullable(BY_NAME.get(codecName));
    }
}
