package dev.ferry.node.logging;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ferry's logging subsystems, Kubo's names for groups of loggers: each is a layer or a protocol and stands for every
 * logger under its package prefix. This table is the only place the names are defined.
 *
 * <pre>
 * subsystem    logger prefix
 * bitswap      dev.ferry.exchange.bitswap
 * cli          dev.ferry.cli
 * dag          dev.ferry.dag
 * dht          dev.ferry.routing.dht
 * dnslink      dev.ferry.routing.dnslink
 * exchange     dev.ferry.exchange.ferry
 * gateway      dev.ferry.api.gateway
 * gc           dev.ferry.dag.gc
 * http         dev.ferry.api.http
 * identify     dev.ferry.net.identify
 * ipns         dev.ferry.routing.ipns
 * mfs          dev.ferry.dag.mfs
 * multistream  dev.ferry.net.multistream
 * net          dev.ferry.net.host
 * node         dev.ferry.node
 * noise        dev.ferry.net.security.noise
 * pinning      dev.ferry.policy.pinning
 * ping         dev.ferry.net.ping
 * pnet         dev.ferry.net.pnet
 * policy       dev.ferry.policy
 * pubsub       dev.ferry.pubsub
 * routing      dev.ferry.routing.router
 * rpc          dev.ferry.api.rpc
 * store        dev.ferry.store
 * transport    dev.ferry.net.transport
 * yamux        dev.ferry.net.mux.yamux
 * </pre>
 *
 * {@value #ALL} (or {@code *}) names every subsystem and the root logger at once; it is a keyword, not listed.
 */
public final class LogSubsystems {
    /** Kubo's keyword for every subsystem; go-log's own {@code *} is accepted too. */
    public static final String ALL = "all";

    private static final Map<String, String> PREFIXES = new TreeMap<>(Map.ofEntries(
            Map.entry("bitswap", "dev.ferry.exchange.bitswap"),
            Map.entry("cli", "dev.ferry.cli"),
            Map.entry("dag", "dev.ferry.dag"),
            Map.entry("dht", "dev.ferry.routing.dht"),
            Map.entry("dnslink", "dev.ferry.routing.dnslink"),
            Map.entry("exchange", "dev.ferry.exchange.ferry"),
            Map.entry("gateway", "dev.ferry.api.gateway"),
            Map.entry("gc", "dev.ferry.dag.gc"),
            Map.entry("http", "dev.ferry.api.http"),
            Map.entry("identify", "dev.ferry.net.identify"),
            Map.entry("ipns", "dev.ferry.routing.ipns"),
            Map.entry("mfs", "dev.ferry.dag.mfs"),
            Map.entry("multistream", "dev.ferry.net.multistream"),
            Map.entry("net", "dev.ferry.net.host"),
            Map.entry("node", "dev.ferry.node"),
            Map.entry("noise", "dev.ferry.net.security.noise"),
            Map.entry("pinning", "dev.ferry.policy.pinning"),
            Map.entry("ping", "dev.ferry.net.ping"),
            Map.entry("pnet", "dev.ferry.net.pnet"),
            Map.entry("policy", "dev.ferry.policy"),
            Map.entry("pubsub", "dev.ferry.pubsub"),
            Map.entry("routing", "dev.ferry.routing.router"),
            Map.entry("rpc", "dev.ferry.api.rpc"),
            Map.entry("store", "dev.ferry.store"),
            Map.entry("transport", "dev.ferry.net.transport"),
            Map.entry("yamux", "dev.ferry.net.mux.yamux")));

    private LogSubsystems() {}

    /** Every subsystem and its logger prefix, sorted by name. */
    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(PREFIXES);
    }

    /** The logger prefix of a subsystem, if it is one. */
    public static Optional<String> prefix(String subsystem) {
        return Optional.ofNullable(PREFIXES.get(subsystem));
    }

    /**
     * The subsystem a logger belongs to: the one with the longest prefix of its name (so {@code gc} wins over
     * {@code dag}); empty for loggers outside the table, e.g. libraries'.
     */
    public static Optional<String> of(String loggerName) {
        String best = null;
        int bestLength = -1;
        for (Map.Entry<String, String> e : PREFIXES.entrySet()) {
            String p = e.getValue();
            boolean under = loggerName.equals(p) || loggerName.startsWith(p + ".");
            if (under && p.length() > bestLength) {
                best = e.getKey();
                bestLength = p.length();
            }
        }
        return Optional.ofNullable(best);
    }
}
