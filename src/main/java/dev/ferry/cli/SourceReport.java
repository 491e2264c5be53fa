package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.routing.SourceUse;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code --verbose} of {@code cat} and {@code get}: which sources the content came from, one line per source on
 * stderr ({@code source: peer 12D3… did:key:z6Mk… (13 blocks, 2.9 MiB)}), or {@code source: local} when nothing had
 * to be fetched. Through a daemon, the request carries a fresh report id and the report is asked for after the body.
 */
final class SourceReport {
    private SourceReport() {
    }

    /** A fresh id for {@code fetch-report}. */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Asks the daemon for the report of a finished request and prints it. */
    static void printFromDaemon(DaemonClient daemon, String id, PrintStream err) throws IOException {
        JsonNode report = daemon.json("routing/report", List.of(id), Map.of());
        JsonNode sources = report.path("Sources");
        if (sources.isEmpty()) {
            err.println("source: local");
            return;
        }
        for (JsonNode s : sources) {
            String type = s.path("Type").asText();
            String who = switch (type) {
                case "peer", "proxy" -> type + " " + s.path("Peer").asText()
                        + (s.path("DID").asText().isEmpty() ? "" : " " + s.path("DID").asText());
                case "gateway" -> "gateway" + (s.path("Address").asText().isEmpty() ? "" : " " + s.path("Address").asText());
                case "ipfs" -> "ipfs network (Bitswap)";
                default -> type;
            };
            err.println(line(who, s.path("Blocks").asLong(), s.path("Bytes").asLong()));
        }
    }

    /** Prints the sources of a fetch made in this process (without a daemon). */
    static void print(List<SourceUse> sources, PrintStream err) {
        if (sources.isEmpty()) {
            err.println("source: local");
            return;
        }
        for (SourceUse u : sources) {
            String who = u.id().isEmpty() ? u.type() : u.type() + " " + u.id();
            err.println(line(who, u.blocks(), u.bytes()));
        }
    }

    private static String line(String who, long blocks, long bytes) {
        return "source: " + who + " (" + blocks + (blocks == 1 ? " block, " : " blocks, ") + ProgressBar.human(bytes)
                + ")";
    }
}
