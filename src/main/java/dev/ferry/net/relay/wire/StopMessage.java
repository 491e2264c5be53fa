package dev.ferry.net.relay.wire;

import java.util.Objects;

/**
 * A message of the stop protocol ({@code /libp2p/circuit/relay/0.2.0/stop}), from a relay to the target of a circuit
 * and back. CONNECT needs {@code peer} (the initiator), STATUS needs {@code status}; the codec checks it.
 */
public record StopMessage(Type type, Peer peer, Limit limit, Status status) {
    public enum Type {
        CONNECT, STATUS
    }

    public StopMessage {
        Objects.requireNonNull(type, "type");
    }

    public static StopMessage connect(Peer initiator, Limit limit) {
        return new StopMessage(Type.CONNECT, Objects.requireNonNull(initiator, "initiator"), limit, null);
    }

    public static StopMessage status(Status status) {
        return new StopMessage(Type.STATUS, null, null, Objects.requireNonNull(status, "status"));
    }
}
