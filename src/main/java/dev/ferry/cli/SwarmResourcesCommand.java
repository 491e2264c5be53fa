package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.net.host.ResourceLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry swarm resources [--json]}: the running daemon's resource manager, as Kubo prints it: one row per limit
 * of the system and transient scopes and of every protocol ({@code proto:<id>}) and peer ({@code peer:<id>}) holding
 * anything, with what is used of it; unlimited limits are left out. {@code --json} prints the RPC's JSON, limits and
 * usage.
 */
@Command(name = "resources", mixinStandardHelpOptions = true,
        description = "Show the daemon's resource limits per scope (system, transient, protocols, peers) and their "
                + "usage.")
final class SwarmResourcesCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    @Mixin RepoOptions repo;
    @Option(names = "--json", description = "Print the RPC's JSON: {\"System\": {\"Conns\": n, \"ConnsUsage\": n, "
            + "...}, \"Transient\": {...}, \"Protocols\": {...}, \"Peers\": {...}}.")
    boolean json;

    SwarmResourcesCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        JsonNode answer = SwarmCommand.daemon(env, repo).json("swarm/resources", List.of(), Map.of());
        if (json) {
            env.out().println(Json.pretty(answer));
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Scope", "Limit Name", "Limit Value", "Limit Usage Amount", "Limit Usage Percent"));
        rows(rows, "system", answer.path("System"));
        rows(rows, "transient", answer.path("Transient"));
        answer.path("Protocols").fields().forEachRemaining(e -> rows(rows, "proto:" + e.getKey(), e.getValue()));
        answer.path("Peers").fields().forEachRemaining(e -> rows(rows, "peer:" + e.getKey(), e.getValue()));
        P2pCommand.aligned(rows).forEach(env.out()::println);
        return 0;
    }

    private static void rows(List<List<String>> rows, String scope, JsonNode limits) {
        for (String name : ResourceLimits.NAMES) {
            JsonNode limit = limits.path(name);
            if (limit.isMissingNode() || limit.asText().equals("unlimited")) {
                continue; // as Kubo: no row for what is not limited
            }
            long used = limits.path(name + "Usage").asLong();
            String value;
            String percent;
            if (limit.isNumber()) {
                value = Long.toString(limit.asLong());
                percent = used == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * used / limit.asLong());
            } else {
                value = limit.asText(); // blockAll
                percent = "n/a";
            }
            rows.add(List.of(scope, name, value, Long.toString(used), percent));
        }
    }
}
