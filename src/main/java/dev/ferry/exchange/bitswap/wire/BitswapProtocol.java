package dev.ferry.exchange.bitswap.wire;

import java.util.List;
import java.util.Optional;

/** The Bitswap protocol ids, newest first; what each version can carry. */
public enum BitswapProtocol {
    V120("/ipfs/bitswap/1.2.0"),
    V110("/ipfs/bitswap/1.1.0"),
    V100("/ipfs/bitswap/1.0.0"),
    LEGACY("/ipfs/bitswap");

    private final String id;

    BitswapProtocol(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** want-have, send-dont-have and block presences exist only in 1.2. */
    public boolean hasPresences() {
        return this == V120;
    }

    /** 1.1+ sends blocks as prefix + data; 1.0 and the legacy id send raw bytes (CIDv0 implied). */
    public boolean hasPrefixes() {
        return this == V120 || this == V110;
    }

    /** Every id in preference order, as offered in multistream-select. */
    public static List<String> ids() {
        return List.of(V120.id, V110.id, V100.id, LEGACY.id);
    }

    public static Optional<BitswapProtocol> of(String id) {
        for (BitswapProtocol p : values()) {
            if (p.id.equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
