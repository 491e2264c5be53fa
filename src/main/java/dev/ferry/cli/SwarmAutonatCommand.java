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
 * whether it serves now, the requests it answered); the addresses peers observe it at, each with whether it is
 * announced and why (confirmed by observers, or AutoNAT v2 found it reachable or unreachable); then AutoNAT v2's
 * verdict on each address it checks, and its v2 service. {@code --json} prints the RPC's JSON.
 */
@Command(name = "autonat", mixinStandardHelpOptions = true,
        description = "Show whether the daemon is reachable from outside (AutoNAT) and its AutoNAT service.")
final class SwarmAutonatCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    @Mixin RepoOptions repo;
    @Option(names = "--json", description = "Print the RPC's JSON: {\"Reachability\", \"Confidence\", \"Reachable\", "
            + "\"Probes\", \"LastProbe\", \"ServiceMode\", \"Serving\", \"Answered\", \"V2\", \"Observed\"}.")
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
        for (JsonNode o : a.path("Observed")) {
            int n = o.path("Observers").asInt();
            String reason = o.path("Reason").asText("");
            env.out().println("Observed: " + o.path("Address").asText() + " (" + n
                    + (n == 1 ? " observer" : " observers") + (o.path("Confirmed").asBoolean() ? ", confirmed)" : ")")
                    + (reason.isEmpty() ? ""
                            : (o.path("Announced").asBoolean() ? ": announced, " : ": not announced, ") + reason));
        }
        env.out().println("Probes: " + a.path("Probes").asLong()
                + (a.path("LastProbe").isTextual() ? " (last " + a.path("LastProbe").asText() + ")" : ""));
        List<String> answered = new ArrayList<>();
        a.path("Answered").fields().forEachRemaining(e -> answered.add(e.getKey() + " " + e.getValue().asLong()));
        String mode = a.path("ServiceMode").asText();
        env.out().println("Service: " + mode
                + (mode.equals("disabled") ? ""
                        : (a.path("Serving").asBoolean() ? ", serving" : ", paused while private")
                                + " (answered " + String.join(", ", answered) + ")"));
        JsonNode v2 = a.path("V2");
        if (v2.path("Addresses").isEmpty()) {
            env.out().println("Addresses (v2): none to check (no public address announced)");
        }
        for (JsonNode v : v2.path("Addresses")) {
            int results = v.path("Successes").asInt() + v.path("Failures").asInt();
            env.out().println("Address " + v.path("Address").asText() + ": " + v.path("Reachability").asText()
                    + " (" + v.path("Successes").asInt() + " of " + results + " dial-backs reached it"
                    + (v.path("Refusals").asInt() > 0 ? ", " + v.path("Refusals").asInt() + " refused" : "") + ")");
        }
        List<String> answeredV2 = new ArrayList<>();
        v2.path("Answered").fields().forEachRemaining(e -> answeredV2.add(e.getKey() + " " + e.getValue().asLong()));
        env.out().println("Service v2: " + (mode.equals("enabled")
                ? (v2.path("Serving").asBoolean() ? "serving" : "paused while private")
                        + " (answered " + String.join(", ", answeredV2) + ")"
                : "off (AutoNAT.ServiceMode " + mode + ")"));
        return 0;
    }
}
