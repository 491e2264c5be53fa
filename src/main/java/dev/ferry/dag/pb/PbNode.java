package dev.ferry.dag.pb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A dag-pb node: {@code PBNode { repeated PBLink Links = 2; bytes Data = 1; }}.
 *
 * <p>Links keep the order given (decoding never sorts, as the spec asks); use {@link #sortedLinks()} when building a
 * node whose links are not yet in Name order. The data array is not copied: callers must not mutate it.
 *
 * @param links the links, never null (an immutable copy is kept)
 * @param data  the Data field, or null when absent (absent and empty encode differently)
 */
public record PbNode(List<PbLink> links, byte[] data) {
    public PbNode {
        links = List.copyOf(Objects.requireNonNull(links, "links"));
    }

    /** A node with only data (a UnixFS leaf). */
    public static PbNode ofData(byte[] data) {
        return new PbNode(List.of(), data);
    }

    /** The same node with its links stably sorted by Name bytes. */
    public PbNode sortedLinks() {
        List<PbLink> sorted = new ArrayList<>(links);
        sorted.sort(PbLink.NAME_ORDER);
        return new PbNode(sorted, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PbNode other && links.equals(other.links) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * links.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PbNode[links=" + links + ", data=" + (data == null ? "null" : HexFormat.of().formatHex(data)) + "]";
    }
}
