package dev.ferry.net.bandwidth;

/** Which way bytes move on a connection, seen from this node. (Not {@code net.host.Direction}: who dialled.) */
public enum Direction {
    /** Bytes read from the peer. */
    IN,
    /** Bytes written to the peer. */
    OUT
}
