package dev.ferry.api.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import dev.ferry.node.Node;
import dev.ferry.node.repo.RepoConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Kubo's {@code bootstrap [list]|add|rm}: the config's {@code Bootstrap} list, the peers the DHT is joined through,
 * each a multiaddr ending in {@code /p2p/<peer id>}. Answers {@code {"Peers":[...]}}: the whole list, or what was
 * added or removed. A change is saved to the config before the answer and used at the next start, as Kubo does. The
 * list rules are public so that the command line applies the same ones to a repository without a daemon.
 */
public final class BootstrapRpc {
    /** Kubo's default bootstrap peers, see {@link dev.ferry.node.repo.BootstrapDefaults}. */
    public static final List<String> KUBO_DEFAULTS = dev.ferry.node.repo.BootstrapDefaults.KUBO;

    private static final String KEY = "Bootstrap";

    private final Node node;

    private BootstrapRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        BootstrapRpc rpc = new BootstrapRpc(node);
        RpcHandler list = r -> peers(list(node.repo().config()));
        server.register("bootstrap", list);
        server.register("bootstrap/list", list);
        server.register("bootstrap/add", Set.of("default"), r ->
                rpc.change(cfg -> add(cfg, r.boolOption("default", false) ? KUBO_DEFAULTS : r.args())));
        server.register("bootstrap/add/default", r -> rpc.change(cfg -> add(cfg, KUBO_DEFAULTS)));
        server.register("bootstrap/rm", Set.of("all"), r ->
                rpc.change(cfg -> r.boolOption("all", false) ? removeAll(cfg) : remove(cfg, r.args())));
        server.register("bootstrap/rm/all", r -> rpc.change(BootstrapRpc::removeAll));
    }

    /** Applies a change to a copy of the config and saves it, under the lock every config change through the API takes. */
    private RpcResponse change(Function<RepoConfig, List<String>> edit) {
        ConfigRpc.LOCK.lock();
        try {
            RepoConfig updated = RepoConfig.parse(node.repo().config().toJson());
            List<String> changed = edit.apply(updated);
            node.repo().saveConfig(updated);
            return peers(changed);
        } finally {
            ConfigRpc.LOCK.unlock();
        }
    }

    private static RpcResponse peers(List<String> peers) {
        return new RpcResponse.Json(Map.of("Peers", peers));
    }

    /** The configured list, as written. */
    public static List<String> list(RepoConfig cfg) {
        return cfg.strings(KEY);
    }

    /**
     * Adds {@code peers} (the words {@code default} and {@code auto} stand for {@link #KUBO_DEFAULTS}, as in Kubo) in
     * front of the list, as Kubo orders it; answers those that were not in it yet, in their canonical text.
     *
     * @throws IllegalArgumentException naming the first address that is not a {@code <transport>/p2p/<id>} multiaddr;
     *                                  nothing is changed then
     */
    public static List<String> add(RepoConfig cfg, List<String> peers) {
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        for (String p : peers) {
            if (p.equals("default") || p.equals("auto")) {
                wanted.addAll(KUBO_DEFAULTS);
                continue;
            }
            Multiaddr m = parse(p);
            if (m.components().size() < 2) {
                throw new IllegalArgumentException("bootstrap address without a transport: " + p);
            }
            wanted.add(m.toString());
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no bootstrap peers to add");
        }
        List<String> before = list(cfg);
        Set<String> known = new LinkedHashSet<>();
        before.forEach(s -> known.add(canonical(s)));
        List<String> added = new ArrayList<>();
        for (String w : wanted) {
            if (!known.contains(w)) {
                added.add(w);
            }
        }
        List<String> after = new ArrayList<>(wanted);
        for (String s : before) {
            if (!wanted.contains(canonical(s))) {
                after.add(s);
            }
        }
        set(cfg, after);
        return added;
    }

    /**
     * Removes the entries {@code peers} name, as Kubo matches them: {@code /p2p/<id>} alone removes every entry of that
     * peer, a full address only that one. Answers the entries removed.
     *
     * @throws IllegalArgumentException for an address without its {@code /p2p/} part, or no address at all
     */
    public static List<String> remove(RepoConfig cfg, List<String> peers) {
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("no bootstrap peers to remove (name them, or remove all)");
        }
        Set<String> wholePeers = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        for (String p : peers) {
            Multiaddr m = parse(p);
            if (m.components().size() == 1) {
                wholePeers.add(m.components().getFirst().valueString());
            } else {
                addresses.add(m.toString());
            }
        }
        List<String> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String s : list(cfg)) {
            String c = canonical(s);
            if (addresses.contains(c) || wholePeers.contains(peerOf(c))) {
                removed.add(s);
            } else {
                kept.add(s);
            }
        }
        set(cfg, kept);
        return removed;
    }

    /** Empties the list; answers what it held. */
    public static List<String> removeAll(RepoConfig cfg) {
        List<String> removed = list(cfg);
        set(cfg, List.of());
        return removed;
    }

    /** A bootstrap address: a multiaddr whose last part is {@code /p2p/<peer id>}. */
    private static Multiaddr parse(String text) {
        Multiaddr m;
        try {
            m = Multiaddr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid multiaddr '" + text + "': " + e.getMessage());
        }
        if (m.isEmpty() || m.components().getLast().protocol() != MultiaddrProtocol.P2P) {
            throw new IllegalArgumentException("invalid bootstrap address (it must end in /p2p/<peer id>): " + text);
        }
        try {
            PeerId.parse(m.components().getLast().valueString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid peer ID in bootstrap address " + text + ": " + e.getMessage());
        }
        return m;
    }

    /** The canonical text of a configured entry ({@code /ipfs/} becomes {@code /p2p/}); an unreadable one as it is. */
    private static String canonical(String entry) {
        try {
            return Multiaddr.parse(entry).toString();
        } catch (IllegalArgumentException e) {
            return entry;
        }
    }

    private static String peerOf(String canonicalEntry) {
        int i = canonicalEntry.lastIndexOf("/p2p/");
        return i < 0 ? "" : canonicalEntry.substring(i + "/p2p/".length());
    }

    private static void set(RepoConfig cfg, List<String> entries) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        entries.forEach(a::add);
        cfg.set(KEY, a);
    }
}
