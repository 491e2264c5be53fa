package dev.ferry.dag.mfs;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.MultiformatException;
import java.util.Objects;

/**
 * How the MFS makes the CIDs of a node it writes: CID version and hash function together (Kubo's MFS "CID builder", a
 * CID prefix). A directory keeps its own through changes; an entry made in it takes its directory's unless the
 * command gives one ({@code --cid-version}, {@code --hash}), and a file written again keeps the file's.
 *
 * @param cidVersion   0 or 1
 * @param hashFunction an accepted function; only sha2-256 with CIDv0
 */
public record NodeFormat(int cidVersion, HashFunction hashFunction) {
    /** The empty MFS's root: CIDv0, sha2-256. */
    public static final NodeFormat V0 = new NodeFormat(0, HashFunction.SHA2_256);

    public NodeFormat {
        Objects.requireNonNull(hashFunction, "hashFunction");
        if (cidVersion != 0 && cidVersion != 1) {
            throw new MfsArgumentException("unsupported CID version " + cidVersion + ": 0 or 1");
        }
        if (!hashFunction.accepted()) {
            throw new MfsArgumentException(HashFunction.INSECURE + ": " + hashFunction);
        }
        if (cidVersion == 0 && hashFunction != HashFunction.SHA2_256) {
            throw new MfsArgumentException("CIDv0 only supports sha2-256");
        }
    }

    /**
     * Kubo's {@code --cid-version} and {@code --hash} of the files commands: null when neither is given (the entry
     * takes its directory's format); a hash function makes it CIDv1 whatever the version says (a CIDv0 cannot carry
     * one, and Kubo turns version 0 into 1 then); a version alone means sha2-256.
     *
     * @throws MfsArgumentException for an unknown or refused function name, or a version other than 0 or 1
     */
    public static NodeFormat fromOptions(Integer cidVersion, String hash) {
        boolean hashGiven = hash != null && !hash.isEmpty();
        if (cidVersion == null && !hashGiven) {
            return null;
        }
        if (!hashGiven) {
            return new NodeFormat(cidVersion, HashFunction.SHA2_256);
        }
        HashFunction f;
        try {
            f = HashFunction.named(hash);
        } catch (MultiformatException e) {
            throw new MfsArgumentException(e.getMessage());
        }
        return new NodeFormat(cidVersion == null || cidVersion == 0 ? 1 : cidVersion, f);
    }

    /** The format {@code cid} was made with (its version and hash function). */
    public static NodeFormat of(Cid cid) {
        HashFunction f = HashFunction.byCode(cid.multihash().code()).filter(HashFunction::accepted)
                .orElseThrow(() -> new MfsException(cid + ": " + HashFunction.INSECURE));
        return new NodeFormat(cid.version(), f);
    }
}
