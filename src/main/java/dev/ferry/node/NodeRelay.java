package dev.ferry.node;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.AutonatClient;
import dev.ferry.net.autonat.Reachability;
import dev.ferry.net.dcutr.HolePunchConfig;
import dev.ferry.net.dcutr.HolePunchService;
import dev.ferry.net.host.Host;
import dev.ferry.net.relay.AutoRelay;
import dev.ferry.net.relay.RelayClient;
import dev.ferry.net.relay.RelayService;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's Circuit Relay v2 ({@link RelaySettings}): the client (installed before listening, reserving on the static
 * relays once listening) and the relay service, always on, off, or served while AutoNAT finds the node public.
 */
public final class NodeRelay implements AutoCloseable {
    private final Host host;
    private final RelaySettings.Values settings;
    private final RelayClient client; // null when Swarm.RelayClient.Enabled is false
    private final ReentrantLock lock = new ReentrantLock();
    private RelayService service; // guarded by lock; null while not served
    private boolean closed; // guarded by lock
    private AutoRelay autoRelay; // set once by install when the mode is not OFF
    private AutoRelaySettings autoRelayMode = AutoRelaySettings.OFF;
    private HolePunchService holePunching; // set once by install when enabled

    private NodeRelay(Host host, RelaySettings.Values settings, RelayClient client) {
        this.host = host;
        this.settings = settings;
        this.client = client;
    }

    /** Installs the client, and the service when on: before the host listens, so identify tells them at once. */
    static NodeRelay install(Host host, RelaySettings.Values settings, AutonatClient autonat) {
        return install(host, settings, autonat, AutoRelaySettings.OFF, false);
    }

    /** As above, with autorelay in {@code autoRelayMode} and DCUtR when {@code holePunch}. */
    static NodeRelay install(Host host, RelaySettings.Values settings, AutonatClient autonat,
            AutoRelaySettings autoRelayMode, boolean holePunch) {
        NodeRelay r = new NodeRelay(host, settings, settings.client() ? RelayClient.install(host) : null);
        if (r.client != null && holePunch) {
            r.holePunching = HolePunchService.install(host, HolePunchConfig.defaults());
        }
        if (r.client != null && autoRelayMode != AutoRelaySettings.OFF) {
            r.autoRelayMode = autoRelayMode;
            r.autoRelay = AutoRelay.start(host, r.client, AutoRelay.DEFAULT_DESIRED);
            if (autoRelayMode == AutoRelaySettings.WHEN_PRIVATE && autonat != null) {
                AutoRelay auto = r.autoRelay;
                autonat.onReachabilityChanged(reach -> auto.setActive(reach == Reachability.PRIVATE));
                auto.setActive(autonat.status().reachability() == Reachability.PRIVATE);
            }
        }
        switch (settings.service()) {
            case ON -> r.serve(true);
            case OFF -> { }
            case WHEN_PUBLIC -> {
                if (autonat != null) {
                    autonat.onReachabilityChanged(reach -> r.serve(reach == Reachability.PUBLIC));
                    r.serve(autonat.status().reachability() == Reachability.PUBLIC);
                }
            }
        }
        return r;
    }

    /** Keeps reservations on the static relays; once the host listens. */
    void start() {
        if (client != null) {
            for (Multiaddr relay : settings.staticRelays()) {
                client.keep(relay);
            }
        }
        if (autoRelay != null && autoRelayMode == AutoRelaySettings.ALWAYS) {
            autoRelay.setActive(true);
        }
    }

    private void serve(boolean on) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (on && service == null) {
                service = RelayService.install(host, settings.limits());
            } else if (!on && service != null) {
                service.close();
                service = null;
            }
        } finally {
            lock.unlock();
        }
    }

    public RelaySettings.Values settings() {
        return settings;
    }

    /** The client, unless {@code Swarm.RelayClient.Enabled} is false. */
    public Optional<RelayClient> client() {
        return Optional.ofNullable(client);
    }

    /** Autorelay, when the relay client is on without static relays. */
    public Optional<AutoRelay> autoRelay() {
        return Optional.ofNullable(autoRelay);
    }

    /** DCUtR, unless {@code Swarm.EnableHolePunching} (or the relay client) is off. */
    public Optional<HolePunchService> holePunching() {
        return Optional.ofNullable(holePunching);
    }

    /** The relay service while it is served. */
    public Optional<RelayService> service() {
        lock.lock();
        try {
            return Optional.ofNullable(service);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (service != null) {
                service.close();
                service = null;
            }
        } finally {
            lock.unlock();
        }
        if (autoRelay != null) {
            autoRelay.close();
        }
        if (holePunching != null) {
            holePunching.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
