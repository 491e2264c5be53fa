package dev.ferry.net.relay.wire;

import java.util.Objects;

/**
 * A message of the hop protocol ({@code /libp2p/circuit/relay/0.2.0/hop}), between a client and its relay. Which
 * fields a type needs is checked by the codec when decoding: CONNECT needs {@code peer}, STATUS needs {@code status};
 * every other field may be null.
 */
public record HopMessage(Type type, Peer peer, Reservation reservation, Limit limit, Status status) {
    public enum Type {
        RESERVE, CONNECT, STATUS
    }

    public HopMessage {
        Objects.requireNonNull(type, "type");
    }

    public static HopMessage reserve() {
        return new HopMessage(Type.RESERVE, null, null, null, null);
    }

    public static HopMessage connect(Peer target) {
        return new HopMessage(Type.CONNECT, Objects.requireNonNull(target, "target"), null, null, null);
    }

    public static HopMessage status(Status status) {
        return new HopMessage(Type.STATUS, null, null, null, Objects.requireNonNull(status, "status"));
    }

    /** A STATUS message with a reservation and a limit (either may be null). */
    public static HopMessage status(Status status, Reservation reservation, Limit limit) {
        return new HopMessage(Type.STATUS, null, reservation, limit, Objects.requireNonNull(status, "status"));
    }
}
