package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import java.util.Objects;

/**
 * One line of {@code filestore ls} or {@code filestore verify}: Kubo's ListRes.
 *
 * @param status   what was found ({@link FilestoreStatus#OK} for every entry that {@code ls} could read)
 * @param errorMsg why it is not ok; empty when it is
 * @param key      the block as a CIDv1 raw (as Kubo lists it); null when the argument was no CID
 * @param filePath the file, relative to the filestore root; empty when the entry could not be read
 * @param offset   where the block starts in the file
 * @param size     the block's length
 */
public record FilestoreListing(FilestoreStatus status, String errorMsg, Cid key, String filePath, long offset,
        long size) {
    public FilestoreListing {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorMsg, "errorMsg");
        Objects.requireNonNull(filePath, "filePath");
    }

    static FilestoreListing of(Cid key, FilestoreEntry e, FilestoreStatus status, String error) {
        return new FilestoreListing(status, error, key, e.path(), e.offset(), e.size());
    }

    static FilestoreListing failed(Cid key, FilestoreStatus status, String error) {
        return new FilestoreListing(status, error, key, "", 0, 0);
    }

    /** Kubo's FormatLong: {@code <cid padded to 50> <size padded to 6> <path> <offset>}. */
    public String formatLong() {
        return formatLong(CidEncoder.DEFAULT);
    }

    /** As {@link #formatLong()}, the CID written by {@code cids} (Kubo's {@code --cid-base}). */
    public String formatLong(CidEncoder cids) {
        if (key == null) {
            return "<corrupt key>";
        }
        String k = cids.encode(key);
        if (filePath.isEmpty()) {
            return k;
        }
        return String.format("%-50s %6d %s %d", k, size, filePath, offset);
    }

    /** Kubo's verify line: the status word padded to 7, then {@link #formatLong()}. */
    public String formatVerify() {
        return formatVerify(CidEncoder.DEFAULT);
    }

    /** As {@link #formatVerify()}, the CID written by {@code cids}. */
    public String formatVerify(CidEncoder cids) {
        return String.format("%-7s %s", status.word(), formatLong(cids));
    }
}
