package dev.ferry.net.dcutr.wire;

import java.io.IOException;

/** A DCUtR frame that is malformed, too large, cut short, or not a message the spec defines. */
public final class DcutrWireException extends IOException {
    public DcutrWireException(String message, Throwable cause) {
        super(message, cause);
    }

    public DcutrWireException(String message) {
        super(message);
    }
}
