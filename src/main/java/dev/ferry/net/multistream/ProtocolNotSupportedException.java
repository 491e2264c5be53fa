package dev.ferry.net.multistream;

import java.util.List;

/** The negotiation itself worked but the listener answered {@code na} to every protocol the dialer proposed. */
public final class ProtocolNotSupportedException extends MultistreamException {
    private final List<String> proposed;

    public ProtocolNotSupportedException(List<String> proposed) {
        super("peer supports none of " + proposed);
        this.proposed = List.copyOf(proposed);
    }

    /** With a message that says what the refused protocols were for. */
    public ProtocolNotSupportedException(List<String> proposed, String message) {
        super(message);
        this.proposed = List.copyOf(proposed);
    }

    /** The protocols that were proposed, in order. */
    public List<String> proposed() {
        return proposed;
    }
}
