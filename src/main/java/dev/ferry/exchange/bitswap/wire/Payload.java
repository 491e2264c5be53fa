package dev.ferry.exchange.bitswap.wire;

import dev.ferry.multiformats.CidPrefix;
import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * A block as it travels: prefix plus bytes, NOT verified. Its CID is whatever {@link #cid()} computes from the data;
 * the receiver still checks that this CID is one it asked for. Bitswap 1.0 raw blocks arrive with {@link CidPrefix#V0}.
 * The data array is not copied.
 */
public record Payload(CidPrefix prefix, byte[] data) {
    public Payload {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(data, "data");
    }

    /** The payload to send for a block known under {@code cid}. */
    public static Payload of(Cid cid, byte[] data) {
        return new Payload(CidPrefix.of(cid), data);
    }

    /** Hashes the data: the only CID this payload can be filed under. */
    public Cid cid() throws BitswapWireException {
        try {
            return prefix.cidOf(data);
        } catch (IllegalArgumentException e) {
            throw new BitswapWireException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Payload[" + prefix + ", " + data.length + " bytes]";
    }
}
