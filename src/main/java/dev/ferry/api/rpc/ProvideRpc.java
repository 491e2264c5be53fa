package dev.ferry.api.rpc;

import dev.ferry.node.Node;
import dev.ferry.node.ProvideStats;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DHT provider's figures and queue, under Kubo's names: {@code stats/provide} and its alias
 * {@code stats/reprovide} (Kubo's older shape), {@code provide/stat} (Kubo's current one, as its legacy provider
 * answers: ferry's announces each root by its own DHT lookup, as that one does), and {@code provide/clear}.
 * Durations are Go's {@code time.Duration} in JSON, integer nanoseconds; times are RFC 3339, Go's zero time when
 * something never happened.
 */
final class ProvideRpc {
    /** Go's zero {@code time.Time} as its JSON encoder writes it. */
    static final String NEVER = "0001-01-01T00:00:00Z";
    /** {@code provide stat}'s options for Kubo's sweep provider: its text form refuses them for the legacy one. */
    static final Set<String> SWEEP_OPTIONS = Set.of("all", "a", "compact", "connectivity", "network", "schedule",
            "timings", "workers", "operations", "queues");

    private final Node node;

    private ProvideRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        ProvideRpc rpc = new ProvideRpc(node);
        server.register("stats/provide", r -> new RpcResponse.Json(statsProvide(rpc.stats())));
        server.register("stats/reprovide", r -> new RpcResponse.Json(statsProvide(rpc.stats())));
        Set<String> statOptions = new java.util.HashSet<>(SWEEP_OPTIONS);
        statOptions.add("lan");
        server.register("provide/stat", statOptions, rpc::stat);
        server.register("provide/clear", Set.of("quiet", "q"), rpc::clear);
    }

    private ProvideStats stats() {
        return node.provideStats().orElseThrow(() -> new RpcException(500, "the provider is off: Routing.Type is "
                + "none, so nothing is announced (set it to auto, autoclient, dht, dhtclient or dhtserver and restart "
                + "the daemon)"));
    }

    /**
     * Kubo's {@code stats/provide}: {@code {"TotalProvides", "AvgProvideDuration", "LastReprovideDuration",
     * "LastReprovideBatchSize", "ReprovideInterval", "LastRun"}}, then ferry's {@code "NextRun"},
     * {@code "FailedProvides"}, {@code "QueuedProvides"} and {@code "ReprovidesRunning"}.
     */
    static Map<String, Object> statsProvide(ProvideStats s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalProvides", s.totalProvides());
        out.put("AvgProvideDuration", nanos(s.avgProvideDuration()));
        out.put("LastReprovideDuration", nanos(s.lastReprovideDuration()));
        out.put("LastReprovideBatchSize", s.lastReprovideBatchSize());
        extras(s, out);
        return out;
    }

    /**
     * Kubo's {@code provide/stat} from its legacy provider: {@code {"Sweep": null, "Legacy": {"TotalReprovides",
     * "AvgReprovideDuration", "LastReprovideDuration", "LastReprovideBatchSize", "ReprovideInterval", "LastRun",
     * ...ferry's}, "FullRT": false}}. Its sweep options are taken and change nothing here, as in Kubo's JSON;
     * {@code lan} is refused as Kubo refuses it.
     */
    private RpcResponse stat(RpcRequest r) {
        if (r.boolOption("lan", false)) {
            throw new RpcException(500, "LAN stats only available for Sweep provider with Dual DHT");
        }
        SWEEP_OPTIONS.forEach(o -> r.boolOption(o, false)); // a malformed value is still a 400
        ProvideStats s = stats();
        Map<String, Object> legacy = new LinkedHashMap<>();
        legacy.put("TotalReprovides", s.totalProvides());
        legacy.put("AvgReprovideDuration", nanos(s.avgProvideDuration()));
        legacy.put("LastReprovideDuration", nanos(s.lastReprovideDuration()));
        legacy.put("LastReprovideBatchSize", s.lastReprovideBatchSize());
        extras(s, legacy);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Sweep", null);
        out.put("Legacy", legacy);
        out.put("FullRT", false);
        return new RpcResponse.Json(out);
    }

    private static void extras(ProvideStats s, Map<String, Object> out) {
        out.put("ReprovideInterval", nanos(s.reprovideInterval().orElse(Duration.ZERO)));
        out.put("LastRun", goTime(s.lastReprovide()));
        out.put("NextRun", goTime(s.nextReprovide()));
        out.put("FailedProvides", s.failedProvides());
        out.put("QueuedProvides", s.queuedProvides());
        out.put("ReprovidesRunning", s.reprovidesRunning());
    }

    /**
     * Kubo's {@code provide/clear}: the number of roots removed from the queue of first announcements, as a bare JSON
     * number; nothing with {@code quiet}. Without a DHT nothing waits, so 0 (Kubo's no-op provider clears none).
     */
    private RpcResponse clear(RpcRequest r) {
        boolean quiet = r.boolOption("quiet", r.boolOption("q", false));
        int removed = node.clearProvideQueue();
        if (quiet) {
            return new RpcResponse.Stream("text/plain", out -> { });
        }
        return new RpcResponse.Json(removed);
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Go's RFC 3339 with nanoseconds (trailing zeros dropped), in UTC; Go's zero time for never. */
    static String goTime(Optional<Instant> t) {
        if (t.isEmpty()) {
            return NEVER;
        }
        Instant at = t.get();
        String base = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(at);
        int nanos = at.getNano();
        String fraction = nanos == 0 ? "" : ("." + String.format(java.util.Locale.ROOT, "%09d", nanos))
                .replaceFirst("0+$", "");
        return base + fraction + "Z";
    }
}
