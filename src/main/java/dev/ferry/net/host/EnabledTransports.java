package dev.ferry.net.host;

import java.util.Objects;

/**
 * Which transports a host listens and dials on, as Kubo's {@code Swarm.Transports.Network.TCP} and
 * {@code .Websocket} choose them, and which security protocols secure them ({@code Swarm.Transports.Security}). An
 * address of a disabled transport is refused for listening and never dialled.
 *
 * @param tcp       plain TCP ({@code /tcp/N})
 * @param websocket WebSockets over TCP ({@code /tcp/N/ws})
 * @param security  the security protocols, most preferred first
 */
public record EnabledTransports(boolean tcp, boolean websocket, SecurityPreference security) {
    public static EnabledTransports all() {
        return new EnabledTransports(true, true);
    }

    public EnabledTransports {
        if (!tcp && !websocket) {
            throw new IllegalArgumentException("no transport enabled");
        }
        Objects.requireNonNull(security, "security");
    }

    /** With the default security protocols. */
    public EnabledTransports(boolean tcp, boolean websocket) {
        this(tcp, websocket, SecurityPreference.defaults());
    }

    public EnabledTransports withSecurity(SecurityPreference s) {
        return new EnabledTransports(tcp, websocket, s);
    }
}
