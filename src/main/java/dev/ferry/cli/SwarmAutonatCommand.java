package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry swarm autonat [--json]}: the running daemon's reachability as AutoNAT found it (Unknown, Public or
 * Private, with its confidence and the address peers reached), and its AutoNAT service ({@code AutoNAT.ServiceMode},
 * whether it serves now, the requests it answered). {@code --json} prints the RPC's JSON.
 */
@Command(name = "autonat", mixinStandardHelpOptions = true,
        description = "Show whether the daemon is reachable from outside (AutoNAT) and its AutoNAT service.")
final class SwarmAutonatCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    @Mixin RepoOptions repo;
    @Option(names = "--json", description = "Print the RPC's JSON: {\"Reachability\", \"Confidence\", \"Reachable\", "
            + "\"Probes\", \"LastProbe\", \"ServiceMode\", \"Serving\", \"Answered\"}.")
    boolean json;

    SwarmAutonatCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        JsonNode a = SwarmCommand.daemon(env, repo).json("swarm/autonat", List.of(), Map.of());
        if (json) {
            env.out().println(Json.pretty(a));
            return 0;
        }
        env.out().println("Reachability: " + a.path("Reachability").asText() + " (confidence "
                + a.path("Confidence").asInt() + "/" + a.path("MaxConfidence").asInt() + ")");
        a.path("Reachable").forEach(r -> env.out().println("Reachable: " + r.asText()));
        env.out().println("Probes: " + a.path("Probes").asLong()
                + (a.path("LastProbe").isTextual() ? " (last " + a.path("LastProbe").asText() + ")" : ""));
        List<String> answered = new ArrayList<>();
        a.path("Answered").fields().forEachRemaining(e -> answered.add(e.getKey() + " " + e.getValue().asLong()));
        env.out().println("Service: " + a.path("ServiceMode").asText()
                + (a.path("ServiceMode").asText().equals("enabled")
                        ? (a.path("Serving").asBoolean() ? ", serving" : ", paused while private")
                                + " (answered " + String.join(", ", answered) + ")"
                        : ""));
        return 0;
    }
}
