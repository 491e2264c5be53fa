package dev.ferry.exchange.ferry;

import java.util.Locale;
import java.util.Optional;

/** What kind of IPFS node a peer runs next to (or as) its ferry node. Explicit wire codes; order carries no meaning. */
public enum IpfsNodeType {
    FERRY(1, "ferry"),
    KUBO(2, "kubo"),
    HELIA(3, "helia"),
    GATEWAY_ONLY(4, "gateway-only");

    private final int code;
    private final String label;

    IpfsNodeType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The wire code ({@code IpfsNode.type}). */
    public int code() {
        return code;
    }

    /** The text form: {@code ferry}, {@code kubo}, {@code helia}, {@code gateway-only}. */
    public String label() {
        return label;
    }

    public static Optional<IpfsNodeType> fromCode(int code) {
        for (IpfsNodeType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException for an unknown label */
    public static IpfsNodeType fromLabel(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        for (IpfsNodeType t : values()) {
            if (t.label.equals(l)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown IPFS node type '" + label + "' (ferry, kubo, helia, gateway-only)");
    }

    @Override
    public String toString() {
        return label;
    }
}
