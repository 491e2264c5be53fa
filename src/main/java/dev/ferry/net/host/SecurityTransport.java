package dev.ferry.net.host;

import dev.ferry.net.security.noise.NoiseSecurity;
import dev.ferry.net.security.tls.TlsSecurity;

/** The security protocols a host can secure a TCP or WebSocket connection with, by their Kubo config names. */
public enum SecurityTransport {
    TLS(TlsSecurity.PROTOCOL_ID, "TLS"),
    NOISE(NoiseSecurity.PROTOCOL_ID, "Noise");

    private final String protocolId;
    private final String configName;

    SecurityTransport(String protocolId, String configName) {
        this.protocolId = protocolId;
        this.configName = configName;
    }

    /** The multistream id ({@code /tls/1.0.0}, {@code /noise}). */
    public String protocolId() {
        return protocolId;
    }

    /** The key under Kubo's {@code Swarm.Transports.Security}. */
    public String configName() {
        return configName;
    }
}
