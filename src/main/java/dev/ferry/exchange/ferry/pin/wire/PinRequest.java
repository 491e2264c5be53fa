package dev.ferry.exchange.ferry.pin.wire;

import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * One pin request: an operation on the DAG under {@code root}.
 *
 * @param root a CID whose binary form is at most {@link PinWire#MAX_CID_BYTES} bytes (a larger one, such as an
 *             identity CID carrying a big block, cannot travel)
 * @throws IllegalArgumentException for a root above the cap
 */
public record PinRequest(PinOp op, Cid root) {
    public PinRequest {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(root, "root");
        if (root.encodedLength() > PinWire.MAX_CID_BYTES) {
            throw new IllegalArgumentException("root CID of " + root.encodedLength() + " bytes, at most "
                    + PinWire.MAX_CID_BYTES);
        }
    }

    public static PinRequest pin(Cid root) {
        return new PinRequest(PinOp.PIN, root);
    }

    public static PinRequest unpin(Cid root) {
        return new PinRequest(PinOp.UNPIN, root);
    }

    public static PinRequest status(Cid root) {
        return new PinRequest(PinOp.STATUS, root);
    }
}
