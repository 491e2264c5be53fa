package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry swarm replication [--json]}: the running daemon's swarm-wide replication, its members, the roots it
 * knows and those assigned here. The text form:
 * <pre>
 * replication on: 2 replicas, members trusted 1 or more
 * member did:key:… 12D3… (self)
 * member did:key:… 12D3…
 * known did:key:… 12D3… connected, dialled
 * known did:key:… 12D3… not connected, 2 failed dials, next at 2025-…Z: connection refused
 * roots 12 known (14 announcements), 3 assigned here
 * Qm… kept 700194 bytes
 * bafy… fetching
 * bafy… releasing waiting for did:key:…
 * </pre>
 */
@Command(name = "replication", mixinStandardHelpOptions = true,
        description = "Show swarm-wide replication: the members, the members heard of by their records ('known', "
                + "connected or not, dialled by this node or not), the roots known, and the roots assigned to this "
                + "node with their state ('<cid> waiting|fetching|kept|failed|releasing [bytes] [why]').")
final class SwarmReplicationCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    @Mixin RepoOptions repo;
    @Option(names = "--json", description = "Print the RPC's JSON (swarm/replication).")
    boolean json;

    SwarmReplicationCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        JsonNode r = SwarmCommand.daemon(env, repo).json("swarm/replication", List.of(), Map.of());
        if (json) {
            env.out().println(Json.pretty(r));
            return 0;
        }
        if (!r.path("Enabled").asBoolean()) {
            env.out().println("replication off (set Replication.Enabled to true and restart the daemon)");
            return 0;
        }
        env.out().println("replication on: " + r.path("Replicas").asInt() + " replicas, members trusted "
                + r.path("MinTrust").asInt() + " or more");
        String self = r.path("Self").asText();
        for (JsonNode m : r.path("Members")) {
            String did = m.path("Did").asText();
            env.out().println("member " + did + " " + m.path("Peer").asText() + (did.equals(self) ? " (self)" : ""));
        }
        for (JsonNode k : r.path("Known")) {
            StringBuilder line = new StringBuilder("known ").append(k.path("Did").asText()).append(' ')
                    .append(k.path("Peer").asText());
            if (k.path("Connected").asBoolean()) {
                line.append(" connected");
            } else {
                line.append(" not connected");
            }
            if (k.path("Dialled").asBoolean()) {
                line.append(", dialled");
            }
            int failures = k.path("Failures").asInt();
            if (failures > 0) {
                line.append(", ").append(failures).append(failures == 1 ? " failed dial" : " failed dials")
                        .append(", next at ").append(k.path("RetryAt").asText()).append(": ")
                        .append(k.path("Error").asText());
            }
            env.out().println(line);
        }
        env.out().println("roots " + r.path("RootsKnown").asInt() + " known (" + r.path("Announcements").asInt()
                + " announcements), " + r.path("Assigned").size() + " assigned here");
        for (JsonNode a : r.path("Assigned")) {
            String state = a.path("State").asText();
            StringBuilder line = new StringBuilder(a.path("Root").asText()).append(' ').append(state);
            if (state.equals("kept") || state.equals("releasing") && a.path("Bytes").asLong() > 0) {
                line.append(' ').append(a.path("Bytes").asLong()).append(" bytes");
            }
            if (!a.path("Message").asText().isEmpty()) {
                line.append(' ').append(a.path("Message").asText());
            }
            env.out().println(line);
        }
        return 0;
    }
}
