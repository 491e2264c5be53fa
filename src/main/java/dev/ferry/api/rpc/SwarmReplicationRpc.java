package dev.ferry.api.rpc;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.Node;
import dev.ferry.node.ReplicationSettings;
import dev.ferry.policy.replication.KnownMember;
import dev.ferry.policy.replication.ReplicationConfig;
import dev.ferry.policy.replication.ReplicationStatus;
import dev.ferry.policy.replication.RootAssignment;
import dev.ferry.policy.replication.SwarmMember;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code swarm/replication}: what swarm-wide replication sees and does.
 * <pre>
 * {"Enabled": true, "Replicas": 2, "MinTrust": 1, "AnnounceInterval": "12h", "Expire": "72h", "CheckInterval": "1m",
 *  "Self": "did:key:…",
 *  "DialMembers": true, "MaxMembers": 64,
 *  "Members": [{"Did": "did:key:…", "Peer": "12D3…"}],
 *  "Known": [{"Did": "did:key:…", "Peer": "12D3…", "Addresses": ["/ip4/…/tcp/…"], "LastHeard": "2025-…Z",
 *             "Connected": true, "Dialled": true, "Failures": n, "RetryAt": "2025-…Z" or "", "Error": "…"}],
 *  "RootsKnown": n, "Announcements": n, "Heard": n, "Ignored": n,
 *  "Assigned": [{"Root": cid, "State": "waiting|fetching|kept|failed|releasing", "Bytes": n,
 *                "Announcers": [did], "Holders": [did], "Message": "…"}]}
 * </pre>
 * {@code Known} lists the members heard of by their member records; {@code Dialled}: this node connected to it by a
 * dial of its own (and protects the connection from trimming). With replication off, {@code Enabled} is false, the
 * settings are the config's and the lists are empty.
 */
final class SwarmReplicationRpc {
    private SwarmReplicationRpc() {}

    static void install(RpcServer server, Node node) {
        server.register("swarm/replication", r -> new RpcResponse.Json(report(node)));
    }

    static Map<String, Object> report(Node node) {
        Optional<ReplicationStatus> status = node.replication().map(rep -> rep.status());
        ReplicationConfig config = status.map(ReplicationStatus::config)
                .orElseGet(() -> ReplicationSettings.of(node.repo().config()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Enabled", status.isPresent());
        out.put("Replicas", config.replicas());
        out.put("MinTrust", config.minTrust());
        out.put("AnnounceInterval", PinLedger.text(config.announceInterval()));
        out.put("Expire", PinLedger.text(config.expire()));
        out.put("CheckInterval", PinLedger.text(config.checkInterval()));
        out.put("DialMembers", config.dialMembers());
        out.put("MaxMembers", config.maxMembers());
        out.put("Self", node.identity().did().toString());
        List<Map<String, Object>> members = new ArrayList<>();
        List<Map<String, Object>> known = new ArrayList<>();
        List<Map<String, Object>> assigned = new ArrayList<>();
        status.ifPresent(s -> {
            for (SwarmMember m : s.members()) {
                members.add(Map.of("Did", m.did().toString(), "Peer", m.peer().toString()));
            }
            for (KnownMember k : s.known()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Did", k.did().toString());
                m.put("Peer", k.peer().toString());
                m.put("Addresses", k.addresses().stream().map(Multiaddr::toString).toList());
                m.put("LastHeard", Instant.ofEpochMilli(k.heardAtMillis()).toString());
                m.put("Connected", k.connected());
                m.put("Dialled", k.dialled());
                m.put("Failures", k.failures());
                m.put("RetryAt", k.retryAtMillis() == 0 ? "" : Instant.ofEpochMilli(k.retryAtMillis()).toString());
                m.put("Error", k.error());
                known.add(m);
            }
            for (RootAssignment a : s.assigned()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Root", a.root().toString());
                m.put("State", a.state().name().toLowerCase(Locale.ROOT));
                m.put("Bytes", a.bytes());
                m.put("Announcers", a.announcers().stream().map(Did::toString).toList());
                m.put("Holders", a.holders().stream().map(Did::toString).toList());
                m.put("Message", a.message());
                assigned.add(m);
            }
        });
        out.put("Members", members);
        out.put("Known", known);
        out.put("RootsKnown", status.map(ReplicationStatus::rootsKnown).orElse(0));
        out.put("Announcements", status.map(ReplicationStatus::announcements).orElse(0));
        out.put("Heard", status.map(ReplicationStatus::heard).orElse(0L));
        out.put("Ignored", status.map(ReplicationStatus::ignored).orElse(0L));
        out.put("Assigned", assigned);
        return out;
    }
}
