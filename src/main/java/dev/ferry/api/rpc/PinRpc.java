package dev.ferry.api.rpc;

import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.CreditorWeights;
import dev.ferry.node.Node;
import dev.ferry.node.content.ContentLock;
import dev.ferry.policy.bandwidth.BandwidthBudgets;
import dev.ferry.policy.pinning.HeldReplica;
import dev.ferry.policy.pinning.PinningPolicy;
import dev.ferry.policy.pinning.PolicyPin;
import dev.ferry.policy.pinning.ProofOutcome;
import dev.ferry.policy.pinning.Replicator;
import dev.ferry.identity.PeerId;
import java.time.Instant;
import dev.ferry.policy.pinning.ReplicaHolder;
import dev.ferry.policy.pinning.ServicePin;
import dev.ferry.node.content.Pinner;
import dev.ferry.routing.FetchSession;
import dev.ferry.store.PinEntry;
import dev.ferry.store.PinType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubo's {@code pin add|rm|ls|verify|update}. {@code pin add} fetches what is missing (through the node's content
 * fetcher) before pinning, as Kubo does; every answer comes after the pin store is synced.
 */
final class PinRpc {
    private final Node node;

    private PinRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        PinRpc p = new PinRpc(node);
        server.register("pin/add", Set.of("recursive", "progress", "stream", "name", "policy"), p::add);
        server.register("pin/rm", Set.of("recursive"), p::rm);
        server.register("pin/replicas", Set.of(), p::replicas);
        server.register("pin/kept", Set.of(), p::kept);
        server.register("pin/ledger", Set.of(), r -> new RpcResponse.Json(PinLedger.report(node.storageLedger(),
                node.pinning().keeper().table(), node.pinning().reciprocity(),
                // what the running server and budgets do, whatever the config says now
                node.bitswap().server().weights() instanceof CreditorWeights,
                node.host().bandwidthPolicy() instanceof BandwidthBudgets b ? b.limits().perPeerBytesPerSecond() : 0)));
        server.register("pin/prove", Set.of("peer"), p::prove);
        // kubo-rpc-client's pin.ls puts its own "paths" option in the query beside the args: accepted, unused
        server.register("pin/ls", Set.of("type", "quiet", "stream", "names", "name", "paths"), p::ls);
        server.register("pin/verify", Set.of("verbose", "quiet", "include-ok"), p::verify);
        server.register("pin/update", Set.of("unpin"), p::update);
    }

    private Pinner pinner() {
        return new Pinner(node.repo().blocks(), node.repo().pins());
    }

    private RpcResponse add(RpcRequest r) {
        List<IpfsPath> paths = r.requiredArgs().stream().map(IpfsPath::parse).toList();
        CidEncoder enc = r.cidEncoder();
        boolean recursive = r.boolOption("recursive", true);
        r.boolOption("progress", false);
        r.boolOption("stream", false);
        String name = pinName(r, "name");
        Optional<String> policy = r.option("policy").filter(n -> !n.isEmpty());
        if (policy.isPresent()) {
            if (!recursive) {
                throw RpcException.badRequest("a pinning policy keeps whole DAGs: --policy needs a recursive pin");
            }
            if (!node.pinning().replicator().config().policies().containsKey(policy.get())) {
                throw RpcException.badRequest("no pinning policy named '" + policy.get() + "'; configured: "
                        + node.pinning().replicator().config().policies().keySet().stream().sorted().toList());
            }
        }
        List<String> pinned = new ArrayList<>();
        // shared with adds: a collection must not run between fetching the blocks and pinning them
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).writing();
                FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r))) {
            for (IpfsPath p : paths) {
                Cid cid = p.path().isEmpty() ? p.root() : new UnixfsExporter(session.blocks()).resolve(p.root(), p.path());
                if (policy.isPresent() && node.privateContent().isPrivate(cid)) {
                    throw RpcException.badRequest(cid + " is private: private content is not replicated to peers");
                }
                if (recursive) {
                    session.fetchAll(cid);
                    node.repo().blocks().sync();
                    pinner().pinRecursive(cid, name);
                    // a policy pin carries the local pin's name: --policy sets it, a plain re-pin renames it
                    if (policy.isPresent()) {
                        node.pinning().replicator().add(cid, policy.get(), name);
                    } else {
                        node.pinning().replicator().rename(cid, name);
                    }
                    // the swarm keeps it too (never private content: the announcement leaves it out)
                    node.replication().ifPresent(rep -> rep.announce(List.of(cid)));
                } else {
                    session.get(cid);
                    node.repo().blocks().sync();
                    pinner().pinDirect(cid, name);
                }
                pinned.add(enc.encode(cid));
            }
        }
        return new RpcResponse.Json(Map.of("Pins", pinned));
    }

    /** The pin name in {@code option} (empty when absent), checked as Kubo's {@code ValidatePinName}. */
    static String pinName(RpcRequest r, String option) {
        String name = r.option(option).orElse("");
        try {
            PinEntry.checkName(name);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        return name;
    }

    /**
     * Kubo's {@code pin update FROM TO}: pins TO recursively (fetching what is missing) in place of the recursive pin
     * FROM, which goes unless {@code unpin=false}; the answer is {@code {"Pins":[FROM, TO]}}. As Kubo's pinner: FROM
     * must be pinned recursively, TO must not already be, and FROM == TO changes nothing; TO takes FROM's pin name.
     * FROM leaves its pinning policy too, as with {@code pin rm}. With swarm replication, TO is announced to the swarm
     * and FROM, once no longer pinned, withdrawn.
     */
    private RpcResponse update(RpcRequest r) {
        List<String> args = r.requiredArgs();
        CidEncoder enc = r.cidEncoder();
        if (args.size() != 2) {
            throw RpcException.badRequest(args.size() < 2 ? "argument \"to-path\" is required"
                    : "expected two paths (from and to), got " + args.size());
        }
        boolean unpin = r.boolOption("unpin", true);
        Cid from;
        Cid to;
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).writing();
                FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r))) {
            from = DagPaths.resolve(args.get(0), node, session.blocks()).cid();
            to = DagPaths.resolve(args.get(1), node, session.blocks()).cid();
            if (!node.repo().pins().isPinned(from, PinType.RECURSIVE)) {
                throw new RpcException(500, "'from' cid was not recursively pinned already");
            }
            if (!from.equals(to)) {
                if (node.repo().pins().isPinned(to, PinType.RECURSIVE)) {
                    throw new RpcException(500, "'to' cid was already recursively pinned");
                }
                session.fetchAll(to);
                node.repo().blocks().sync();
                pinner().pinRecursive(to, pinner().name(from));
                if (unpin) {
                    pinner().unpin(from, true);
                    node.pinning().replicator().remove(from);
                }
                Cid announced = to;
                boolean withdrawn = !node.repo().pins().isPinned(from, PinType.RECURSIVE);
                node.replication().ifPresent(rep -> {
                    rep.announce(List.of(announced));
                    if (withdrawn) {
                        rep.withdraw(List.of(from));
                    }
                });
            }
        }
        return new RpcResponse.Json(Map.of("Pins", List.of(enc.encode(from), enc.encode(to))));
    }

    private RpcResponse rm(RpcRequest r) {
        List<Cid> cids = r.requiredArgs().stream().map(a -> IpfsPath.resolve(a, node).root()).toList();
        boolean recursive = r.boolOption("recursive", true);
        CidEncoder enc = r.cidEncoder();
        List<String> removed = new ArrayList<>();
        List<Cid> unpinned = new ArrayList<>();
        for (Cid c : cids) {
            try {
                pinner().unpin(c, recursive);
            } catch (IllegalArgumentException e) {
                throw new RpcException(500, e.getMessage());
            }
            node.pinning().replicator().remove(c); // its holders are told to let go
            if (!node.repo().pins().isPinned(c, PinType.RECURSIVE)) {
                unpinned.add(c);
            }
            removed.add(enc.encode(c));
        }
        // the swarm's members drop this node from the roots' announcers, and let go of those no one announces
        node.replication().ifPresent(rep -> rep.withdraw(unpinned));
        return new RpcResponse.Json(Map.of("Pins", removed));
    }

    private RpcResponse ls(RpcRequest r) {
        String type = r.option("type").orElse("all").toLowerCase(Locale.ROOT);
        Set<PinType> types = switch (type) {
            case "all" -> EnumSet.allOf(PinType.class);
            case "direct" -> EnumSet.of(PinType.DIRECT);
            case "indirect" -> EnumSet.of(PinType.INDIRECT);
            case "recursive" -> EnumSet.of(PinType.RECURSIVE);
            default -> throw RpcException.badRequest("invalid type '" + type + "', must be one of {direct, indirect, recursive, all}");
        };
        boolean stream = r.boolOption("stream", false);
        String filter = pinName(r, "name");
        // as Kubo: a name filter implies names
        boolean names = r.boolOption("names", false) || !filter.isEmpty();
        r.boolOption("quiet", false);
        CidEncoder enc = r.cidEncoder();
        record Listed(String cid, String type, String name) {
        }
        List<Listed> found = new ArrayList<>();
        Pinner pinner = pinner();
        if (r.args().isEmpty()) {
            Map<Cid, PinEntry> entries = node.repo().pins().entries();
            pinner.list(types).forEach((c, t) -> {
                PinEntry e = t == PinType.INDIRECT ? null : entries.get(c);
                String name = e == null ? "" : e.name();
                if (Pinner.nameMatches(name, filter)) {
                    found.add(new Listed(enc.encode(c), t.name().toLowerCase(Locale.ROOT), names ? name : ""));
                }
            });
        } else {
            // as Kubo, the pins asked for by path are listed whatever their name: the filter only turns names on
            for (String a : r.args()) {
                Cid c = IpfsPath.parse(a).root();
                Optional<String> reason = pinner.pinReason(c);
                String kind = reason.map(s -> s.startsWith("indirect") ? "indirect" : s).orElse(null);
                if (kind == null || !types.contains(PinType.valueOf(kind.toUpperCase(Locale.ROOT)))) {
                    throw new RpcException(500, "path '" + a + "' is not pinned");
                }
                found.add(new Listed(enc.encode(c), reason.get(),
                        names && !kind.equals("indirect") ? pinner.name(c) : ""));
            }
        }
        if (!stream) {
            // Kubo's {"Keys": {cid: {"Type", "Name"}}}, Name always there (empty without --names)
            Map<String, Object> keys = new LinkedHashMap<>();
            for (Listed l : found) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("Type", l.type());
                v.put("Name", l.name());
                keys.put(l.cid(), v);
            }
            return new RpcResponse.Json(Map.of("Keys", keys));
        }
        // Kubo's streamed {"Cid", "Name", "Type"} lines leave out an empty name
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Listed l : found) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("Cid", l.cid());
                if (!l.name().isEmpty()) {
                    line.put("Name", l.name());
                }
                line.put("Type", l.type());
                AddRpc.writeLine(out, line);
            }
        });
    }

    /** One {@code {"Cid","Ok","BadNodes"}} line per broken pin (per pin with {@code verbose}). */
    private RpcResponse verify(RpcRequest r) {
        boolean verbose = r.boolOption("verbose", false) || r.boolOption("include-ok", false);
        r.boolOption("quiet", false);
        CidEncoder enc = r.cidEncoder();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Pinner.PinHealth h : pinner().verify()) {
            if (h.ok() && !verbose) {
                continue;
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("Cid", enc.encode(h.cid()));
            line.put("Ok", h.ok());
            line.put("BadNodes", h.ok() ? List.of() : List.of(Map.of("Cid", enc.encode(h.cid()), "Err", h.problem())));
            lines.add(line);
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, Object> m : lines) {
                AddRpc.writeLine(out, m);
            }
        });
    }

    /** Policy pins and their holders: {@code {"Pins": [{"Cid", "Policy", "Name", "Replicas", "Confirmed", "Holders", "Problem"}]}}. */
    private RpcResponse replicas(RpcRequest r) {
        var replicator = node.pinning().replicator();
        List<Cid> wanted = r.args().stream().map(a -> IpfsPath.parse(a).root()).toList();
        List<Map<String, Object>> out = new ArrayList<>();
        for (PolicyPin p : replicator.list()) {
            if (!wanted.isEmpty() && !wanted.contains(p.root())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Cid", p.root().toString());
            m.put("Policy", p.policy());
            m.put("Name", p.name());
            PinningPolicy policy = replicator.config().policies().get(p.policy());
            m.put("Replicas", policy == null ? 0 : policy.replicas());
            m.put("Confirmed", p.confirmed());
            List<Map<String, Object>> holders = new ArrayList<>();
            for (ReplicaHolder h : p.holders()) {
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("Peer", h.peer().toString());
                hm.put("State", h.state().name().toLowerCase(Locale.ROOT));
                hm.put("Bytes", h.bytes());
                hm.put("ProvenAt", h.proven() ? Instant.ofEpochMilli(h.provenAt()).toString() : "");
                hm.put("ProofNote", replicator.proofNote(h.peer(), p.root()).orElse(""));
                holders.add(hm);
            }
            m.put("Holders", holders);
            List<Map<String, Object>> dropped = new ArrayList<>();
            for (Replicator.Drop d : replicator.drops(p.root())) {
                dropped.add(Map.of("Peer", d.peer().toString(), "Reason", d.reason(),
                        "At", Instant.ofEpochMilli(d.atMillis()).toString()));
            }
            m.put("Dropped", dropped);
            List<Map<String, Object>> services = new ArrayList<>();
            for (ServicePin sp : p.services()) {
                services.add(Map.of("Service", sp.service(), "RequestId", sp.requestId(),
                        "State", sp.state().name().toLowerCase(Locale.ROOT)));
            }
            m.put("Services", services);
            m.put("Problem", replicator.problem(p.root()).orElse(""));
            out.add(m);
        }
        for (Cid c : wanted) {
            if (replicator.get(c).isEmpty()) {
                throw new RpcException(500, c + " is not pinned under a policy");
            }
        }
        return new RpcResponse.Json(Map.of("Pins", out));
    }

    /**
     * Challenges the holders of a policy pin now ({@code peer}: that one only): {@code {"Cid", "Proofs": [{"Peer",
     * "Result": "proven"|"failed"|"unproven", "ProvenAt" (proven), "Reason" (failed, unproven), "Dropped" (failed)}]}}.
     */
    private RpcResponse prove(RpcRequest r) {
        List<String> args = r.requiredArgs();
        if (args.size() != 1) {
            throw RpcException.badRequest("pin/prove takes one CID");
        }
        Cid root = IpfsPath.parse(args.getFirst()).root();
        PeerId only;
        try {
            only = r.option("peer").filter(v -> !v.isEmpty()).map(PeerId::parse).orElse(null);
        } catch (RuntimeException e) {
            throw RpcException.badRequest("invalid peer ID: " + e.getMessage());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProofOutcome o : node.pinning().replicator().prove(root, only)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Peer", o.peer().toString());
            switch (o) {
                case ProofOutcome.Proven p -> {
                    m.put("Result", "proven");
                    m.put("ProvenAt", Instant.ofEpochMilli(p.atMillis()).toString());
                }
                case ProofOutcome.Failed f -> {
                    m.put("Result", "failed");
                    m.put("Reason", f.reason());
                    m.put("Dropped", f.dropped());
                }
                case ProofOutcome.Unproven u -> {
                    m.put("Result", "unproven");
                    m.put("Reason", u.why());
                }
            }
            out.add(m);
        }
        return new RpcResponse.Json(Map.of("Cid", root.toString(), "Proofs", out));
    }

    /** What this node keeps for peers: {@code {"Kept": [{"Cid", "Requester", "State", "Bytes", "Message"}]}}. */
    private RpcResponse kept(RpcRequest r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HeldReplica e : node.pinning().keeper().table().list()) {
            out.add(Map.of("Cid", e.root().toString(), "Requester", e.requester().toString(),
                    "State", e.state().name().toLowerCase(Locale.ROOT), "Bytes", e.bytes(), "Message", e.message()));
        }
        return new RpcResponse.Json(Map.of("Kept", out));
    }
}
