package dev.ferry.node;

import dev.ferry.net.autonat.AutonatClient;
import dev.ferry.net.autonat.AutonatServer;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.autonat.v2.AutonatV2Client;
import dev.ferry.net.autonat.v2.AutonatV2Server;
import dev.ferry.net.host.Host;
import java.util.Optional;

/**
 * A node's AutoNAT: the v1 client that finds out whether the node is reachable and the v2 client that checks each of
 * its addresses (always, probing in the background) and, as {@code AutoNAT.ServiceMode} says, the v1 and v2 servers
 * that answer peers; as in go-libp2p, the servers stop serving while the v1 client finds the node private, and serve
 * again once it is public or unknown.
 */
public final class NodeAutonat implements AutoCloseable {
    private final AutonatClient client;
    private final AutonatServer server; // null when the service is disabled
    private final AutonatV2Client v2Client;
    private final AutonatV2Server v2Server; // null unless the v2 service is enabled
    private final AutonatSettings.Values settings;

    private NodeAutonat(AutonatClient client, AutonatServer server, AutonatV2Client v2Client, AutonatV2Server v2Server,
            AutonatSettings.Values settings) {
        this.client = client;
        this.server = server;
        this.v2Client = v2Client;
        this.v2Server = v2Server;
        this.settings = settings;
    }

    /** Installs AutoNAT on {@code host}: before it listens, so that identify announces the service from the start. */
    static NodeAutonat start(Host host, AutonatSettings.Values settings) {
        AutonatServer server = settings.service() ? AutonatServer.install(host, settings.config()) : null;
        AutonatV2Server v2Server = settings.v2Service() ? AutonatV2Server.install(host, settings.v2Config()) : null;
        AutonatClient client = AutonatClient.create(host, settings.config());
        AutonatV2Client v2Client = AutonatV2Client.create(host, settings.v2Config());
        client.onReachabilityChanged(r -> {
            if (server != null) {
                if (r == Reachability.PRIVATE) {
                    server.disable();
                } else {
                    server.enable();
                }
            }
            if (v2Server != null) {
                if (r == Reachability.PRIVATE) {
                    v2Server.disable();
                } else {
                    v2Server.enable();
                }
            }
        });
        client.startProbing();
        v2Client.startProbing();
        return new NodeAutonat(client, server, v2Client, v2Server, settings);
    }

    public AutonatClient client() {
        return client;
    }

    /** The server, when {@code AutoNAT.ServiceMode} is enabled. */
    public Optional<AutonatServer> server() {
        return Optional.ofNullable(server);
    }

    public AutonatV2Client v2Client() {
        return v2Client;
    }

    /** The v2 server, when {@code AutoNAT.ServiceMode} is enabled (not {@code legacy-v1}). */
    public Optional<AutonatV2Server> v2Server() {
        return Optional.ofNullable(v2Server);
    }

    /** {@code enabled}, {@code legacy-v1} or {@code disabled}, as configured. */
    public String serviceMode() {
        return settings.serviceMode();
    }

    @Override
    public void close() {
        client.close();
        v2Client.close();
    }
}
