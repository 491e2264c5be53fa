package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.net.relay.RelayLimits;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kubo's Circuit Relay v2 keys, read strictly at start (a bad value is a {@link RepoException} naming the key):
 * <ul>
 *   <li>{@code Swarm.RelayService.Enabled}: true serves the relay (hop) protocol from the start; false never;
 *       unset or null (Kubo's default) serves it while AutoNAT finds this node public, as go-libp2p does;
 *   <li>its limits, Kubo's names and defaults: {@code ConnectionDurationLimit} ("2m"), {@code ConnectionDataLimit}
 *       (131072), {@code ReservationTTL} ("1h"), {@code MaxReservations} (128), {@code MaxCircuits} (16),
 *       {@code BufferSize} (2048), {@code MaxReservationsPerPeer} (4), {@code MaxReservationsPerIP} (8); the two
 *       circuit limits may also be given as go-libp2p's {@code Limit: {"Duration", "Data"}}, not both ways at once.
 *       {@code MaxReservationsPerASN} is read (a whole number) but not applied: this node has no ASN table;
 *   <li>{@code Swarm.RelayClient.Enabled}: false turns the client off (circuit addresses are not dialled, relays
 *       cannot open circuits to this node); true or unset keeps it on;
 *   <li>{@code Swarm.RelayClient.StaticRelays}: relays ({@code …/p2p/<id>}) this node keeps a reservation on while
 *       the client is on. Kubo finds relays by itself when it is private; this node only uses these.
 * </ul>
 */
public final class RelaySettings {
    private RelaySettings() {}

    /** When the relay service runs. */
    public enum Service {
        ON, OFF, WHEN_PUBLIC
    }

    public record Values(Service service, RelayLimits limits, boolean client, List<Multiaddr> staticRelays) {
        public Values {
            staticRelays = List.copyOf(staticRelays);
        }
    }

    public static Values of(RepoConfig cfg) {
        Optional<Boolean> enabled = flag(cfg, "Swarm.RelayService.Enabled");
        Service service = enabled.map(b -> b ? Service.ON : Service.OFF).orElse(Service.WHEN_PUBLIC);
        RelayLimits d = RelayLimits.defaults();
        Duration duration = d.connectionDurationLimit();
        long data = d.connectionDataLimit();
        Optional<JsonNode> limit = present(cfg, "Swarm.RelayService.Limit");
        boolean flat = present(cfg, "Swarm.RelayService.ConnectionDurationLimit").isPresent()
                || present(cfg, "Swarm.RelayService.ConnectionDataLimit").isPresent();
        if (limit.isPresent()) {
            if (!limit.get().isObject()) {
                throw new RepoException("config Swarm.RelayService.Limit must be an object: " + limit.get());
            }
            if (flat) {
                throw new RepoException("config Swarm.RelayService: give the circuit limits either as "
                        + "ConnectionDurationLimit/ConnectionDataLimit or as Limit, not both");
            }
            for (var it = limit.get().fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("Duration") && !f.equals("Data")) {
                    throw new RepoException("config Swarm.RelayService.Limit." + f + " is unknown (Duration, Data)");
                }
            }
            duration = duration(cfg, "Swarm.RelayService.Limit.Duration", duration, true);
            data = count(cfg, "Swarm.RelayService.Limit.Data", data, Long.MAX_VALUE);
        } else {
            duration = duration(cfg, "Swarm.RelayService.ConnectionDurationLimit", duration, true);
            data = count(cfg, "Swarm.RelayService.ConnectionDataLimit", data, Long.MAX_VALUE);
        }
        Duration ttl = duration(cfg, "Swarm.RelayService.ReservationTTL", d.reservationTtl(), false);
        int maxReservations = (int) count(cfg, "Swarm.RelayService.MaxReservations", d.maxReservations(), 1 << 20);
        int maxCircuits = (int) count(cfg, "Swarm.RelayService.MaxCircuits", d.maxCircuits(), 1 << 16);
        int buffer = (int) count(cfg, "Swarm.RelayService.BufferSize", d.bufferSize(), 1 << 20);
        int perPeer = (int) count(cfg, "Swarm.RelayService.MaxReservationsPerPeer", d.maxReservationsPerPeer(),
                1 << 20);
        int perIp = (int) count(cfg, "Swarm.RelayService.MaxReservationsPerIP", d.maxReservationsPerIp(), 1 << 20);
        count(cfg, "Swarm.RelayService.MaxReservationsPerASN", 32, 1 << 20);
        RelayLimits limits;
        try {
            limits = new RelayLimits(duration, data, ttl, maxReservations, maxCircuits, buffer, perPeer, perIp);
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Swarm.RelayService: " + e.getMessage());
        }
        boolean client = flag(cfg, "Swarm.RelayClient.Enabled").orElse(true);
        return new Values(service, limits, client, staticRelays(cfg));
    }

    private static List<Multiaddr> staticRelays(RepoConfig cfg) {
        String key = "Swarm.RelayClient.StaticRelays";
        List<String> texts = SwarmSettings.strings(cfg, key);
        List<Multiaddr> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                Multiaddr m = Multiaddr.parse(texts.get(i));
                List<Multiaddr.Component> parts = m.components();
                if (parts.isEmpty() || parts.getLast().protocol() != dev.ferry.multiformats.MultiaddrProtocol.P2P) {
                    throw new RepoException("config " + key + "[" + i + "] must end in /p2p/<peer id>: " + texts.get(i));
                }
                PeerId.parse(parts.getLast().valueString());
                if (m.has(dev.ferry.multiformats.MultiaddrProtocol.P2P_CIRCUIT)) {
                    throw new RepoException("config " + key + "[" + i + "] is a circuit: a relay is reached directly");
                }
                out.add(m);
            } catch (MultiformatException | KeyFormatException e) {
                throw new RepoException("config " + key + "[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static Optional<JsonNode> present(RepoConfig cfg, String key) {
        return cfg.get(key).filter(n -> !n.isNull());
    }

    static Optional<Boolean> flag(RepoConfig cfg, String key) {
        Optional<JsonNode> v = present(cfg, key);
        if (v.isPresent() && !v.get().isBoolean()) {
            throw new RepoException("config " + key + " must be true, false or null: " + v.get());
        }
        return v.map(JsonNode::asBoolean);
    }

    private static Duration duration(RepoConfig cfg, String key, Duration dflt, boolean zeroAllowed) {
        Optional<JsonNode> v = present(cfg, key);
        if (v.isEmpty()) {
            return dflt;
        }
        if (!v.get().isTextual()) {
            throw new RepoException("config " + key + " must be a duration such as \"2m\": " + v.get());
        }
        Duration d;
        try {
            d = Durations.parse(v.get().asText());
        } catch (IllegalArgumentException e) {
            throw new RepoException("config " + key + ": " + e.getMessage());
        }
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new RepoException("config " + key + " must be " + (zeroAllowed ? "0 or more" : "positive") + ": "
                    + v.get().asText());
        }
        return d;
    }

    private static long count(RepoConfig cfg, String key, long dflt, long max) {
        Optional<JsonNode> v = present(cfg, key);
        if (v.isEmpty()) {
            return dflt;
        }
        if (!v.get().isIntegralNumber() || !v.get().canConvertToLong() || v.get().asLong() < 0
                || v.get().asLong() > max) {
            throw new RepoException("config " + key + " must be a whole number in [0, " + max + "]: " + v.get());
        }
        return v.get().asLong();
    }
}
