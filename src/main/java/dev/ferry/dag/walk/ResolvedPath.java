package dev.ferry.dag.walk;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import java.util.List;

/**
 * Where a content path ends, as Kubo's resolver reports it: the block the path ends in, and the segments left inside
 * that block (empty when the path ends on a link or at its root; not empty only for paths into dag-cbor or dag-json
 * values).
 *
 * @param cid       the block
 * @param remainder the segments inside it
 */
public record ResolvedPath(Cid cid, List<String> remainder) {
    public ResolvedPath {
        remainder = List.copyOf(remainder);
    }

    /** Kubo's {@code RemPath}: {@code "/a/b"}, or {@code ""} when nothing is left. */
    public String remPath() {
        return remainder.isEmpty() ? "" : "/" + String.join("/", remainder);
    }

    /**
     * {@code /ipfs/<cid>[/remainder]} with the CID written as Kubo's {@code resolve} writes it for {@code input}, the
     * path the user gave, when no {@code --cid-base} is given: a name's target in the default text, an {@code /ipfs/}
     * path's as {@link #cidText} says.
     */
    public String ipfsPath(String input) {
        return ipfsPath(input.startsWith("/ipns/") ? CidEncoder.DEFAULT : CidEncoder.fromPath(input)
                .orElse(CidEncoder.DEFAULT));
    }

    /** {@code /ipfs/<cid>[/remainder]} with the CID as {@code enc} writes it. */
    public String ipfsPath(CidEncoder enc) {
        return "/ipfs/" + enc.encode(cid) + remPath();
    }

    /**
     * The text of {@code cid} as Kubo encodes CIDs it found under the user's path {@code input}: when the CID in
     * {@code input} (its first segment, or the second after a leading {@code /namespace/}) is a CIDv1, in that CID's
     * multibase, a CIDv0 upgraded to v1; otherwise (a CIDv0 there, or no CID) the default text: v0 stays base58,
     * v1 in base32.
     */
    public static String cidText(Cid cid, String input) {
        return CidEncoder.fromPath(input).orElse(CidEncoder.DEFAULT).encode(cid);
    }

    /** The segments of a path below a CID: split on '/', empty segments dropped. */
    public static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
