package dev.ferry.net.host;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Loopback hosts for tests; closes everything it made. */
public final class TestHosts implements AutoCloseable {
    public static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    private final List<Host> hosts = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    public Host start(HostConfig config) throws IOException {
        return start(config, InstantSource.system());
    }

    public Host start(HostConfig config, InstantSource clock) throws IOException {
        return start(Identity.generate(random), config, clock);
    }

    public Host start(Identity identity) throws IOException {
        return start(identity, HostConfig.defaults(), InstantSource.system());
    }

    public Host start(Identity identity, HostConfig config, InstantSource clock) throws IOException {
        Host h = new Host(identity, config, random, clock);
        hosts.add(h);
        h.start(List.of(LOOPBACK));
        return h;
    }

    public Host start() throws IOException {
        return start(HostConfig.defaults());
    }

    public static Multiaddr dialable(Host h) {
        return h.listenAddresses().getFirst().encapsulate("/p2p/" + h.peerId());
    }

    @Override
    public void close() {
        hosts.forEach(Host::close);
    }
}
