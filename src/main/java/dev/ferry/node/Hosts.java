package dev.ferry.node;

import dev.ferry.identity.Identity;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.ping.PingService;

/** Builds libp2p hosts with the services every ferry host runs (identify, identify push, ping). */
public final class Hosts {
    private Hosts() {}

    /** A host with identify and ping installed; not started. */
    public static Services create(Identity identity, HostConfig config) {
        Host host = new Host(identity, config);
        IdentifyService identify = IdentifyService.install(host);
        PingService ping = PingService.install(host);
        return new Services(host, identify, ping);
    }

    /** A host and the services installed on it; closing closes the host. */
    public record Services(Host host, IdentifyService identify, PingService ping) implements AutoCloseable {
        @Override
        public void close() {
            host.close();
        }
    }
}
