package dev.ferry.node;

import dev.ferry.net.autonat.AutonatClient;
import dev.ferry.net.autonat.AutonatServer;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.host.Host;
import java.util.Optional;

/**
 * A node's AutoNAT: the client that finds out whether the node is reachable (always, probing in the background) and,
 * with {@code AutoNAT.ServiceMode} enabled, the server that answers peers; as in go-libp2p, the server stops serving
 * while the client finds the node private, and serves again once it is public or unknown.
 */
public final class NodeAutonat implements AutoCloseable {
    private final AutonatClient client;
    private final AutonatServer server; // null when the service is disabled
    private final AutonatSettings.Values settings;

    private NodeAutonat(AutonatClient client, AutonatServer server, AutonatSettings.Values settings) {
        this.client = client;
        this.server = server;
        this.settings = settings;
    }

    /** Installs AutoNAT on {@code host}: before it listens, so that identify announces the service from the start. */
    static NodeAutonat start(Host host, AutonatSettings.Values settings) {
        AutonatServer server = settings.service() ? AutonatServer.install(host, settings.config()) : null;
        AutonatClient client = AutonatClient.create(host, settings.config());
        if (server != null) {
            client.onReachabilityChanged(r -> {
                if (r == Reachability.PRIVATE) {
                    server.disable();
                } else {
                    server.enable();
                }
            });
        }
        client.startProbing();
        return new NodeAutonat(client, server, settings);
    }

    public AutonatClient client() {
        return client;
    }

    /** The server, when {@code AutoNAT.ServiceMode} is enabled. */
    public Optional<AutonatServer> server() {
        return Optional.ofNullable(server);
    }

    /** {@code enabled} or {@code disabled}, as configured. */
    public String serviceMode() {
        return settings.serviceMode();
    }

    @Override
    public void close() {
        client.close();
    }
}
