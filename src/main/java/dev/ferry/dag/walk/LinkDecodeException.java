package dev.ferry.dag.walk;

import dev.ferry.multiformats.Cid;

/**
 * The links of a block cannot be found: its bytes do not decode under its codec, or the codec is not one ferry can
 * read links from. Carries the CID of the block.
 */
public class LinkDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public LinkDecodeException(Cid cid, String message, Throwable cause) {
        super(message, cause);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
