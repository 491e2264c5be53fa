package dev.ferry.api.metrics;

import static dev.ferry.api.metrics.PrometheusText.Type.COUNTER;
import static dev.ferry.api.metrics.PrometheusText.Type.GAUGE;

import dev.ferry.exchange.bitswap.BitswapStats;
import dev.ferry.exchange.ferry.request.RefusalReason;
import dev.ferry.exchange.ferry.request.RequestStats;
import dev.ferry.identity.PeerId;
import dev.ferry.net.bandwidth.BandwidthSnapshot;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.node.Node;
import dev.ferry.node.repo.RepoStat;
import dev.ferry.policy.pinning.PinningPolicy;
import dev.ferry.policy.pinning.PolicyPin;
import dev.ferry.pubsub.Pubsub;
import dev.ferry.pubsub.PubsubStats;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A node's figures in Prometheus' format: the swarm, bandwidth, Bitswap, {@code /ferry/request}, pubsub, the
 * repository, pinning policies and trust, and the process and JVM under the usual {@code process_} and {@code jvm_}
 * names. Every figure is read from counters the node keeps anyway; a scrape costs no more than reading them (the
 * repository's count runs apart, see {@link RepoStatCache}).
 */
public final class NodeMetrics {
    private final Node node;
    private final String version;
    private final RepoStatCache repoStat;

    public NodeMetrics(Node node, String version) {
        this.node = node;
        this.version = version;
        this.repoStat = new RepoStatCache(node.repo(), Duration.ofMinutes(5), System::nanoTime);
    }

    /** The exposition text, read now. */
    public String scrape() {
        PrometheusText t = new PrometheusText();
        t.family("ferry_info", GAUGE, "The node: its version and peer ID.")
                .sample(1, "version", version, "peer_id", node.identity().peerId().toString());
        swarm(t);
        bitswap(t);
        requests(t);
        node.pubsub().ifPresent(p -> pubsub(t, p));
        node.dht().ifPresent(d -> {
            long[] c = d.counters();
            t.single("ferry_dht_routing_table_peers", GAUGE, "DHT servers in the routing table.", d.table().size());
            t.family("ferry_dht_requests_total", COUNTER, "DHT requests answered, sent, and sent that failed.")
                    .sample(c[0], "event", "served").sample(c[1], "event", "sent").sample(c[2], "event", "failed");
        });
        names(t);
        prefetch(t);
        repo(t);
        pinning(t);
        t.single("ferry_trust_entries", GAUGE, "did:keys in the trust store.", node.trust().entries().size());
        process(t);
        return t.toString();
    }

    private void prefetch(PrometheusText t) {
        dev.ferry.routing.prefetch.PrefetchStats p = node.prefetcher().stats();
        t.single("ferry_prefetch_predictions_total", COUNTER, "Successors predicted after users' requests.",
                p.predictions());
        t.family("ferry_prefetch_total", COUNTER, "Prefetches, by how they ended or why they did not start.")
                .sample(p.started(), "event", "started").sample(p.completed(), "event", "completed")
                .sample(p.failed(), "event", "failed").sample(p.overBudget(), "event", "over_budget")
                .sample(p.cancelled(), "event", "cancelled").sample(p.skippedLocal(), "event", "skipped_local")
                .sample(p.skippedBusy(), "event", "skipped_busy");
        t.single("ferry_prefetch_blocks_total", COUNTER, "Blocks prefetches brought in.", p.blocks());
        t.single("ferry_prefetch_bytes_total", COUNTER, "Bytes prefetches brought in.", p.bytes());
        t.single("ferry_prefetch_hits_total", COUNTER, "User requests for a root a prefetch had brought in.",
                p.hits());
    }

    private void names(PrometheusText t) {
        dev.ferry.node.NameSystem.Stats n = node.names().stats();
        t.single("ferry_ipns_published_total", COUNTER, "IPNS records this node signed (publishes and republishes).",
                n.published());
        t.family("ferry_ipns_resolved_total", COUNTER, "Names resolved, by where the answer came from.")
                .sample(n.own(), "source", "own").sample(n.cached(), "source", "cache")
                .sample(n.lookedUp(), "source", "lookup").sample(n.dnsLink(), "source", "dnslink");
        t.single("ferry_ipns_not_found_total", COUNTER, "Names for which no valid record was found.", n.notFound());
        t.single("ferry_ipns_pubsub_records_total", COUNTER, "Valid IPNS records heard on pubsub or fetched from "
                + "topic peers.", n.heard());
    }

    private void swarm(PrometheusText t) {
        List<Connection> all = node.host().connectionManager().allConnections();
        Set<PeerId> peers = new HashSet<>();
        long inbound = 0;
        for (Connection c : all) {
            peers.add(c.remotePeer());
            if (c.direction() == Direction.INBOUND) {
                inbound++;
            }
        }
        t.single("ferry_swarm_peers", GAUGE, "Connected peers.", peers.size());
        t.family("ferry_swarm_connections", GAUGE, "Open connections by who dialled.")
                .sample(inbound, "direction", "inbound").sample(all.size() - inbound, "direction", "outbound");
        BandwidthSnapshot bw = node.host().bandwidth().snapshot();
        t.family("ferry_bandwidth_bytes_total", COUNTER, "Bytes on the wire, counted below encryption.")
                .sample(bw.totalIn(), "direction", "in").sample(bw.totalOut(), "direction", "out");
        t.family("ferry_bandwidth_rate_bytes_per_second", GAUGE, "Current wire rates.")
                .sample(bw.rateIn(), "direction", "in").sample(bw.rateOut(), "direction", "out");
    }

    private void bitswap(PrometheusText t) {
        BitswapStats s = node.bitswap().stats();
        t.single("ferry_bitswap_blocks_received_total", COUNTER, "Blocks received over Bitswap, verified.",
                s.blocksReceived());
        t.single("ferry_bitswap_received_bytes_total", COUNTER, "Block bytes received over Bitswap.",
                s.dataReceived());
        t.single("ferry_bitswap_duplicate_blocks_received_total", COUNTER, "Blocks received again.",
                s.dupBlksReceived());
        t.single("ferry_bitswap_duplicate_received_bytes_total", COUNTER, "Bytes of blocks received again.",
                s.dupDataReceived());
        t.single("ferry_bitswap_bad_blocks_received_total", COUNTER,
                "Unasked, unverifiable or malformed deliveries.", s.badBlocksReceived());
        t.single("ferry_bitswap_blocks_sent_total", COUNTER, "Blocks sent over Bitswap.", s.blocksSent());
        t.single("ferry_bitswap_sent_bytes_total", COUNTER, "Block bytes sent over Bitswap.", s.dataSent());
        t.single("ferry_bitswap_wantlist_size", GAUGE, "Blocks this node wants now.", s.wantlist().size());
        t.single("ferry_bitswap_partners", GAUGE, "Peers with a Bitswap ledger.", s.peers().size());
    }

    private void requests(PrometheusText t) {
        RequestStats s = node.requests().stats();
        t.single("ferry_request_served_total", COUNTER, "/ferry/request answers that sent a whole DAG.", s.served());
        t.single("ferry_request_proxied_total", COUNTER, "/ferry/request answers fetched for the peer first.",
                s.proxied());
        t.family("ferry_request_refused_total", COUNTER, "/ferry/request answers refused or stopped, by reason.");
        for (RefusalReason r : RefusalReason.values()) {
            t.sample(s.refused(r), "reason", r.name().toLowerCase(java.util.Locale.ROOT));
        }
        t.single("ferry_request_blocks_sent_total", COUNTER, "Blocks sent over /ferry/request.", s.blocksSent());
        t.single("ferry_request_sent_bytes_total", COUNTER, "Block bytes sent over /ferry/request.", s.bytesSent());
        t.single("ferry_request_requests_sent_total", COUNTER, "Requests this node sent to ferry peers.",
                s.requestsSent());
    }

    private static void pubsub(PrometheusText t, Pubsub p) {
        PubsubStats s = p.stats();
        t.family("ferry_pubsub_messages_total", COUNTER, "Pubsub messages by what happened to them.")
                .sample(s.published(), "event", "published")
                .sample(s.received(), "event", "received")
                .sample(s.delivered(), "event", "delivered")
                .sample(s.duplicates(), "event", "duplicate")
                .sample(s.invalid(), "event", "invalid")
                .sample(s.rejected(), "event", "rejected")
                .sample(s.ignored(), "event", "ignored")
                .sample(s.forwarded(), "event", "forwarded");
        t.family("ferry_pubsub_rpcs_total", COUNTER, "Pubsub RPCs dropped (a full peer queue), ended for being "
                + "malformed, or ignored from graylisted peers.")
                .sample(s.dropped(), "event", "dropped")
                .sample(s.wireErrors(), "event", "malformed")
                .sample(s.graylisted(), "event", "graylisted");
        t.single("ferry_pubsub_peers", GAUGE, "Connected peers that speak pubsub.", p.peers(null).size());
        t.single("ferry_pubsub_topics", GAUGE, "Topics this node subscribes to.", p.topics().size());
        long negative = p.scores().values().stream().filter(v -> v < 0).count();
        t.single("ferry_pubsub_negative_score_peers", GAUGE,
                "Peers, connected or remembered, whose gossipsub score is below 0.", negative);
    }

    private void repo(PrometheusText t) {
        Optional<RepoStat> s = repoStat.get();
        if (s.isPresent()) {
            t.single("ferry_repo_blocks", GAUGE, "Blocks in the repository (counted at most every 5 minutes).",
                    s.get().numObjects());
            t.single("ferry_repo_size_bytes", GAUGE, "Block bytes in the repository (counted with the blocks).",
                    s.get().repoSize());
            t.single("ferry_repo_storage_max_bytes", GAUGE, "Datastore.StorageMax.", s.get().storageMax());
        }
    }

    private void pinning(PrometheusText t) {
        var replicator = node.pinning().replicator();
        long underReplicated = 0;
        List<PolicyPin> pins = replicator.list();
        for (PolicyPin p : pins) {
            PinningPolicy policy = replicator.config().policies().get(p.policy());
            if (policy != null && p.confirmed() < policy.replicas()) {
                underReplicated++;
            }
        }
        t.single("ferry_policy_pins", GAUGE, "DAGs under a pinning policy.", pins.size());
        t.single("ferry_policy_pins_short", GAUGE, "Policy DAGs with fewer confirmed holders than the policy asks.",
                underReplicated);
        t.single("ferry_replicas_kept", GAUGE, "DAGs this node keeps for peers and pinning-service clients.",
                node.pinning().keeper().table().size());
    }

    private static void process(PrometheusText t) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            t.single("process_cpu_seconds_total", COUNTER, "CPU time of the process.",
                    sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            t.single("process_open_fds", GAUGE, "Open file descriptors.", unix.getOpenFileDescriptorCount());
            t.single("process_max_fds", GAUGE, "The limit of open file descriptors.",
                    unix.getMaxFileDescriptorCount());
        }
        residentBytes().ifPresent(v ->
                t.single("process_resident_memory_bytes", GAUGE, "Resident memory of the process.", v));
        t.single("process_start_time_seconds", GAUGE, "When the process started, in seconds since the epoch.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        t.family("jvm_memory_used_bytes", GAUGE, "JVM memory in use.")
                .sample(heap.getUsed(), "area", "heap").sample(nonHeap.getUsed(), "area", "nonheap");
        t.family("jvm_memory_max_bytes", GAUGE, "The most JVM memory there may be (-1: no limit).")
                .sample(heap.getMax(), "area", "heap").sample(nonHeap.getMax(), "area", "nonheap");
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        t.family("jvm_gc_collections_total", COUNTER, "Garbage collections, by collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            t.sample(Math.max(gc.getCollectionCount(), 0), "gc", gc.getName());
        }
        t.family("jvm_gc_collection_seconds_total", COUNTER, "Time in garbage collections, by collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            t.sample(Math.max(gc.getCollectionTime(), 0) / 1e3, "gc", gc.getName());
        }
        t.single("jvm_threads_live", GAUGE, "Live platform threads (virtual threads are not counted).",
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    /** VmRSS from /proc (Linux); empty elsewhere. */
    private static Optional<Long> residentBytes() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
