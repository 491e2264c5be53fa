package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * A filestore block whose bytes cannot be had from its file: the file is gone, unreadable, or changed (Kubo's
 * CorruptReferenceError). The entry stays; the block is present but unreadable until the file is restored.
 */
public class FilestoreReferenceException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient Cid cid;
    private final FilestoreStatus status;

    public FilestoreReferenceException(Cid cid, FilestoreStatus status, String message) {
        super(message);
        this.cid = Objects.requireNonNull(cid, "cid");
        this.status = Objects.requireNonNull(status, "status");
    }

    /** The block asked for. */
    public Cid cid() {
        return cid;
    }

    public FilestoreStatus status() {
        return status;
    }
}
