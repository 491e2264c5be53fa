package dev.ferry.net.host;

/** Who opened a connection. */
public enum Direction {
    /** We dialled. */
    OUTBOUND,
    /** The peer dialled us. */
    INBOUND
}
