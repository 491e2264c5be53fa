package dev.ferry.dag.gc;

import dev.ferry.multiformats.Cid;
import java.util.List;

/**
 * Garbage collection refused to delete anything: a pinned DAG is incomplete (missing blocks), or one of its blocks is
 * corrupt or cannot be decoded. {@link #missing()} lists the missing CIDs (empty for the other causes).
 */
public class GcException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Cid> missing;

    public GcException(String message, List<Cid> missing, Throwable cause) {
        super(message, cause);
        this.missing = List.copyOf(missing);
    }

    public List<Cid> missing() {
        return missing;
    }
}
