package dev.ferry.net.host;

/**
 * Which transports a host listens and dials on, as Kubo's {@code Swarm.Transports.Network.TCP} and
 * {@code .Websocket} choose them. An address of a disabled transport is refused for listening and never dialled.
 *
 * @param tcp       plain TCP ({@code /tcp/N})
 * @param websocket WebSockets over TCP ({@code /tcp/N/ws})
 */
public record EnabledTransports(boolean tcp, boolean websocket) {
    public static EnabledTransports all() {
        return new EnabledTransports(true, true);
    }

    public EnabledTransports {
        if (!tcp && !websocket) {
            throw new IllegalArgumentException("no transport enabled");
        }
    }
}
