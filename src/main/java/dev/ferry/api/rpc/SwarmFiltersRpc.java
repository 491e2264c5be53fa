package dev.ferry.api.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.node.Node;
import dev.ferry.node.repo.RepoConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubo's {@code swarm/filters} (the running host's address filters), {@code swarm/filters/add} and
 * {@code swarm/filters/rm}, each answering {@code {"Strings": [...]}}. As Kubo's, add and rm change the running host
 * and the config's {@code Swarm.AddrFilters} together: new filters go in front of the config's list, and
 * {@code rm all} (or {@code *}) removes every one. Filters are written in their canonical form
 * ({@code /ip4/10.0.0.0/ipcidr/8}); every argument is checked before anything changes.
 */
final class SwarmFiltersRpc {
    private static final String KEY = "Swarm.AddrFilters";

    private final Node node;

    private SwarmFiltersRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        SwarmFiltersRpc rpc = new SwarmFiltersRpc(node);
        server.register("swarm/filters", r -> strings(node.host().addrFilters().list()));
        server.register("swarm/filters/add", rpc::add);
        server.register("swarm/filters/rm", rpc::rm);
    }

    /** Answers the filters given (each once), whether or not they were there before, as Kubo. */
    private RpcResponse add(RpcRequest r) {
        List<IpCidr> added = parse(r.requiredArgs());
        node.host().addrFilters().add(added);
        changeConfig(old -> {
            List<String> out = new ArrayList<>(added.stream().map(IpCidr::toString).toList());
            old.stream().filter(s -> parsed(s).map(f -> !added.contains(f)).orElse(true)).forEach(out::add);
            return out;
        });
        return strings(added);
    }

    /** Answers the filters that were running or configured and are gone now. */
    private RpcResponse rm(RpcRequest r) {
        List<String> args = r.requiredArgs();
        if (args.getFirst().equals("all") || args.getFirst().equals("*")) {
            LinkedHashSet<IpCidr> removed = new LinkedHashSet<>(node.host().addrFilters().clear());
            changeConfig(old -> {
                old.forEach(s -> parsed(s).ifPresent(removed::add));
                return List.of();
            });
            return strings(List.copyOf(removed));
        }
        List<IpCidr> wanted = parse(args);
        LinkedHashSet<IpCidr> removed = new LinkedHashSet<>(node.host().addrFilters().remove(wanted));
        changeConfig(old -> {
            List<String> keep = new ArrayList<>();
            for (String s : old) {
                Optional<IpCidr> f = parsed(s);
                if (f.isPresent() && wanted.contains(f.get())) {
                    removed.add(f.get());
                } else {
                    keep.add(s);
                }
            }
            return keep;
        });
        return strings(wanted.stream().filter(removed::contains).toList());
    }

    private static List<IpCidr> parse(List<String> args) {
        LinkedHashSet<IpCidr> out = new LinkedHashSet<>();
        for (String a : args) {
            try {
                out.add(IpCidr.parse(a));
            } catch (MultiformatException e) {
                throw RpcException.badRequest("invalid address filter '" + a + "': " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** A config entry as a filter; one that is none (edited in by hand since the start) is left as it is. */
    private static Optional<IpCidr> parsed(String entry) {
        try {
            return Optional.of(IpCidr.parse(entry));
        } catch (MultiformatException e) {
            return Optional.empty();
        }
    }

    /** Rewrites {@code Swarm.AddrFilters} under the lock every config change through the API takes. */
    private void changeConfig(java.util.function.UnaryOperator<List<String>> edit) {
        ConfigRpc.LOCK.lock();
        try {
            RepoConfig updated = RepoConfig.parse(node.repo().config().toJson());
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            edit.apply(updated.strings(KEY)).forEach(list::add);
            updated.set(KEY, list);
            node.repo().saveConfig(updated);
        } finally {
            ConfigRpc.LOCK.unlock();
        }
    }

    private static RpcResponse strings(List<IpCidr> filters) {
        return new RpcResponse.Json(Map.of("Strings", filters.stream().map(IpCidr::toString).toList()));
    }
}
