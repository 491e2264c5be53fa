package dev.ferry.dag.pb;

import dev.ferry.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * One dag-pb link: {@code PBLink { bytes Hash = 1; string Name = 2; uint64 Tsize = 3; }}.
 *
 * @param hash  the target, never null (a link without Hash is a bad block)
 * @param name  the link name, or null when the field is absent (absent and "" encode differently: "" is {@code 12 00})
 * @param tsize cumulative size of the target, or null when absent; never negative (values above 2^63-1 are rejected)
 */
public record PbLink(Cid hash, String name, Long tsize) {
    /**
     * The order links must have when a node is built: by Name bytes (UTF-8), unsigned; absent names count as "".
     * {@link java.util.List#sort} is stable, so equal names keep their order as the spec asks.
     */
    public static final Comparator<PbLink> NAME_ORDER = (a, b) -> Arrays.compareUnsigned(a.nameBytes(), b.nameBytes());

    public PbLink {
        Objects.requireNonNull(hash, "hash");
        if (tsize != null && tsize < 0) {
            throw new IllegalArgumentException("negative Tsize " + tsize);
        }
    }

    /** A link with a name and a size, as UnixFS writes them. */
    public static PbLink of(Cid hash, String name, long tsize) {
        return new PbLink(hash, name, tsize);
    }

    byte[] nameBytes() {
        return name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
    }
}
