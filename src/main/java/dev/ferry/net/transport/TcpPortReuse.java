package dev.ferry.net.transport;

import java.util.Locale;
import java.util.Map;

/**
 * Whether TCP dials leave from the port of a TCP listener (go-libp2p's default, "reuseport"), so that a NAT maps them
 * to the same public port as the listener's and the address peers observe is one they can dial back; and whether a
 * hole punch's two dials can meet as one connection.
 */
public enum TcpPortReuse {
    /** Every dial from an ephemeral port ({@code LIBP2P_TCP_REUSEPORT=false}). */
    OFF,
    /**
     * Dials to non-loopback destinations from a listener's port, loopback ones from an ephemeral port: a loopback
     * connection never crosses a NAT, and the many nodes of one machine then never compete for the same 4-tuples.
     */
    EXCEPT_LOOPBACK,
    /** Every dial from a listener's port when one fits (tests of the mechanism on 127.0.0.1). */
    ALL;

    /** The environment variable go-libp2p and Kubo read. */
    public static final String ENV = "LIBP2P_TCP_REUSEPORT";

    /** {@link #EXCEPT_LOOPBACK}, or {@link #OFF} when {@value #ENV} says false. */
    public static TcpPortReuse fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static TcpPortReuse fromEnvironment(Map<String, String> env) {
        String v = env.get(ENV);
        if (v == null) {
            return EXCEPT_LOOPBACK;
        }
        // Go's strconv.ParseBool spellings of false; anything else leaves it on, as go-libp2p does
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "0", "f", "false" -> OFF;
            default -> EXCEPT_LOOPBACK;
        };
    }
}
