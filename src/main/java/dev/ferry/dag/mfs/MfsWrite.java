package dev.ferry.dag.mfs;

/**
 * The options of {@code files write}, in Kubo's meaning.
 *
 * @param offset     where the data goes; past the end, the gap is filled with zero bytes
 * @param create     create the file when it does not exist
 * @param parents    create missing parent directories
 * @param truncate   empty the file before writing
 * @param count      at most this many bytes of the data are written; negative: all of it
 * @param rawLeaves  raw leaves (null: when the file's CID version is 1)
 * @param cidVersion the CID version of the file (null: the existing file's, else its directory's)
 * @param format     CID version and hash function of the file ({@link NodeFormat#fromOptions}: Kubo's
 *                   {@code --cid-version} and {@code --hash}); null: the existing file's, else its directory's. When
 *                   given, {@code cidVersion} must be null or the format's
 */
public record MfsWrite(long offset, boolean create, boolean parents, boolean truncate, long count, Boolean rawLeaves,
                       Integer cidVersion, NodeFormat format) {
    public MfsWrite {
        if (offset < 0) {
            throw new MfsArgumentException("cannot have negative write offset");
        }
        if (cidVersion != null && cidVersion != 0 && cidVersion != 1) {
            throw new MfsArgumentException("unsupported CID version " + cidVersion + ": 0 or 1");
        }
        if (format == null && cidVersion != null) {
            format = new NodeFormat(cidVersion, dev.ferry.multiformats.HashFunction.SHA2_256);
        } else if (format != null && cidVersion != null && cidVersion != format.cidVersion()) {
            throw new MfsArgumentException("CID version " + cidVersion + " and format " + format + " disagree");
        }
    }

    /** With a CID version alone (sha2-256), or none. */
    public MfsWrite(long offset, boolean create, boolean parents, boolean truncate, long count, Boolean rawLeaves,
                    Integer cidVersion) {
        this(offset, create, parents, truncate, count, rawLeaves, cidVersion, null);
    }

    /** Write at the start of an existing file, nothing created or truncated. */
    public static MfsWrite defaults() {
        return new MfsWrite(0, false, false, false, -1, null, null, null);
    }
}
