package dev.ferry.dag.walk;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.BlockNotFoundException;

/** A block a DAG links to is not in the blockstore. Carries its CID. */
public class MissingBlockException extends BlockNotFoundException {
    private static final long serialVersionUID = 1L;
    private final transient Cid cid;

    public MissingBlockException(Cid cid) {
        super("block " + cid + " is not in the blockstore");
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
