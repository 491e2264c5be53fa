package dev.ferry.net.host;

/**
 * The side a host takes in a connection's upgrade: the initiator proposes the security protocol, runs the security
 * handshake as its client and opens odd-numbered Yamux streams; the responder answers. Ordinarily the dialler
 * initiates; after a hole punch both sides dialled, and a TCP simultaneous open leaves one connection both dialled, so
 * DCUtR sets the roles itself (go-libp2p's {@code network.WithSimultaneousConnect}): the hole punch's initiator is the
 * initiator, the other side the responder, whoever's {@code connect()} the connection came from.
 */
public enum HandshakeRole {
    INITIATOR,
    RESPONDER;

    /** The ordinary role for a connection of {@code direction}: the dialler initiates. */
    static HandshakeRole of(Direction direction) {
        return direction == Direction.OUTBOUND ? INITIATOR : RESPONDER;
    }
}
