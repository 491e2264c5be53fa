package dev.ferry.net.mux.yamux;

import dev.ferry.net.transport.DuplexStream;
import java.util.Objects;

/** The Yamux binding: its multistream protocol id and a factory of sessions with one configuration. */
public final class YamuxMuxer {
    /** The protocol id negotiated with multistream-select. */
    public static final String PROTOCOL_ID = "/yamux/1.0.0";

    private final YamuxConfig config;

    public YamuxMuxer(YamuxConfig config) {
        this.config = Objects.requireNonNull(config);
    }

    public YamuxMuxer() {
        this(YamuxConfig.defaults());
    }

    public YamuxConfig config() {
        return config;
    }

    /**
     * Starts a session on an established (secured) connection.
     *
     * @param initiator true on the side that dialed the connection (odd stream ids)
     * @param handler receives each inbound stream on its own virtual thread; null to use {@link YamuxSession#accept()}
     */
    public YamuxSession start(DuplexStream conn, boolean initiator, YamuxSession.StreamHandler handler) {
        return YamuxSession.builder(conn, initiator).config(config).handler(handler).start();
    }
}
