package dev.ferry.net.relay;

import dev.ferry.net.relay.wire.Status;
import java.io.IOException;

/** A relay (or, through it, the target) answered a reservation or a circuit with a status other than OK. */
public final class RelayRefusedException extends IOException {
    private final Status status;

    public RelayRefusedException(String message, Status status) {
        super(message + ": " + status);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
