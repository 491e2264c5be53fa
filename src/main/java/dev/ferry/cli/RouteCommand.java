package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry route CID [--json]}: how the daemon's content router would fetch a CID, without fetching it. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Explain where the daemon would fetch a CID from: each candidate source in rank order, "
                + "with its score and the score's parts. Fetches nothing.")
final class RouteCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    @Mixin RepoOptions repo;
    @Parameters(index = "0", paramLabel = "CID", description = "The content to route.") String cid;
    @Option(names = "--json", description = "Print the daemon's JSON answer.") boolean json;

    RouteCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        JsonNode r = SwarmCommand.daemon(env, repo).json("routing/explain", List.of(cid), Map.of());
        if (json) {
            env.out().println(Json.pretty(r));
            return 0;
        }
        print(r, env.out());
        return 0;
    }

    /** The human table: one line per candidate, in rank order. */
    static void print(JsonNode r, PrintStream out) {
        List<String> classes = new ArrayList<>();
        r.path("Class").forEach(c -> classes.add(c.asText()));
        out.println("CID " + r.path("Cid").asText());
        out.println("Class: " + (classes.isEmpty() ? "(none known)" : String.join(", ", classes))
                + "; preference: " + r.path("Preference").asText("none"));
        JsonNode cands = r.path("Candidates");
        if (cands.isEmpty()) {
            out.println("No source to ask.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RANK", "TYPE", "SCORE", "SOURCE", "DID", "PARTS"});
        for (JsonNode c : cands) {
            String source = !c.path("Peer").asText().isEmpty() ? c.path("Peer").asText()
                    : !c.path("Address").asText().isEmpty() ? c.path("Address").asText() : "-";
            String did = c.path("DID").asText();
            rows.add(new String[] {c.path("Rank").asText(), c.path("Type").asText(), number(c.path("Score").asDouble()),
                    source, did.isEmpty() ? "-" : did, parts(c.path("Parts"))});
        }
        int[] width = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < 5; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                line.append(String.format(Locale.ROOT, "%-" + width[i] + "s  ", row[i]));
            }
            line.append(row[5]);
            out.println(line.toString().stripTrailing());
        }
    }

    private static String parts(JsonNode parts) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = parts.fields(); it.hasNext(); ) {
            var e = it.next();
            double v = e.getValue().asDouble();
            out.add(e.getKey() + (v >= 0 ? " +" : " ") + number(v));
        }
        return String.join(", ", out);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
