package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry swarm replication [--json]} between two daemons on 127.0.0.1, and on one with replication off; what
 * {@code pin add}, {@code pin rm} and {@code pin update} through the daemon announce and withdraw.
 */
@Timeout(120)
class CliSwarmReplicationTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(200);
        }
    }

    @Test
    void showsTheMembersTheRootsKnownAndWhatIsKeptHere() throws Exception {
        CliRun off = DaemonFixture.init(tmp, "off");
        CliRun.Result noDaemon = off.run("swarm", "replication");
        assertThat(noDaemon.exitCode()).isEqualTo(1);
        assertThat(noDaemon.stderr()).contains("running daemon");
        for (String name : List.of("a", "b")) {
            ok(DaemonFixture.init(tmp, name).run("config", "--json", "Replication",
                    "{\"Enabled\": true, \"CheckInterval\": \"1s\", \"MinTrust\": 2}"));
        }
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        Running c = DaemonFixture.start(tmp, "off", new byte[0]);
        try {
            assertThat(ok(c.cli().run("swarm", "replication")))
                    .isEqualTo("replication off (set Replication.Enabled to true and restart the daemon)\n");
            JsonNode offJson = new ObjectMapper().readTree(ok(c.cli().run("swarm", "replication", "--json")));
            assertThat(offJson.path("Enabled").asBoolean()).isFalse();
            assertThat(offJson.path("Replicas").asInt()).isEqualTo(2);
            assertThat(offJson.path("Members")).isEmpty();

            ok(a.cli().run("trust", "set", b.peerId(), "2"));
            ok(b.cli().run("trust", "set", a.peerId(), "2"));
            ok(b.cli().run("swarm", "connect", a.swarm() + "/p2p/" + a.peerId()));
            await("two members", () -> ok(b.cli().run("swarm", "replication")).lines()
                    .filter(l -> l.startsWith("member ")).count() == 2);

            String root = ok(a.cli().run("some content for the swarm".getBytes(StandardCharsets.UTF_8), "add", "-Q"))
                    .strip();
            await("b keeps a's root", () -> ok(b.cli().run("swarm", "replication")).contains(root + " kept "));
            List<String> lines = ok(b.cli().run("swarm", "replication")).lines().toList();
            assertThat(lines.getFirst()).isEqualTo("replication on: 2 replicas, members trusted 2 or more");
            assertThat(lines.stream().filter(l -> l.startsWith("member ")))
                    .anySatisfy(l -> assertThat(l).endsWith(" " + b.peerId() + " (self)"))
                    .anySatisfy(l -> assertThat(l).endsWith(" " + a.peerId()));
            assertThat(lines).contains("roots 1 known (1 announcements), 1 assigned here");
            // a's member record reached b: b knows how to reach it, connected already (by hand, not dialled by it)
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("known did:key:")
                    .endsWith(" " + a.peerId() + " connected"));
            assertThat(lines.getLast()).matches(root + " kept \\d+ bytes");
            assertThat(ok(b.cli().run("pin", "kept"))).isEqualTo(root + " swarm kept " + lines.getLast().split(" ")[2] + "\n");

            JsonNode json = new ObjectMapper().readTree(ok(b.cli().run("swarm", "replication", "--json")));
            assertThat(json.path("Enabled").asBoolean()).isTrue();
            assertThat(json.path("MinTrust").asInt()).isEqualTo(2);
            assertThat(json.path("CheckInterval").asText()).isEqualTo("1s");
            assertThat(json.path("Expire").asText()).isEqualTo("72h");
            assertThat(json.path("Members")).hasSize(2);
            assertThat(json.path("DialMembers").asBoolean()).isTrue();
            assertThat(json.path("MaxMembers").asInt()).isEqualTo(64);
            assertThat(json.path("Known")).singleElement().satisfies(k -> {
                assertThat(k.path("Peer").asText()).isEqualTo(a.peerId());
                assertThat(k.path("Addresses")).isNotEmpty();
                assertThat(k.path("Connected").asBoolean()).isTrue();
                assertThat(k.path("Dialled").asBoolean()).isFalse();
                assertThat(k.path("Error").asText()).isEmpty();
            });
            JsonNode assigned = json.path("Assigned").get(0);
            assertThat(assigned.path("Root").asText()).isEqualTo(root);
            assertThat(assigned.path("State").asText()).isEqualTo("kept");
            assertThat(assigned.path("Bytes").asLong()).isPositive();
            assertThat(assigned.path("Announcers")).hasSize(1);
            assertThat(assigned.path("Announcers").get(0).asText())
                    .isNotEqualTo(json.path("Self").asText());
            assertThat(assigned.path("Holders").get(0).asText()).isEqualTo(json.path("Self").asText());

            // the announcer keeps nothing for the swarm: it pins the root itself
            assertThat(ok(a.cli().run("swarm", "replication")))
                    .contains("roots 1 known (1 announcements), 0 assigned here");

            // a recursive pin through the daemon is announced too
            String later = ok(a.cli().run("pinned later".getBytes(StandardCharsets.UTF_8), "add", "-Q", "--pin=false"))
                    .strip();
            assertThat(ok(a.cli().run("swarm", "replication"))).contains("roots 1 known");
            ok(a.cli().run("pin", "add", later));
            await("b keeps the pinned root", () -> ok(b.cli().run("swarm", "replication")).contains(later + " kept "));
            assertThat(ok(a.cli().run("swarm", "replication")))
                    .contains("roots 2 known (2 announcements), 0 assigned here");

            // pin rm withdraws the root from the swarm: b lets go of it
            ok(a.cli().run("pin", "rm", root));
            await("b lets go of the withdrawn root", () -> !ok(b.cli().run("pin", "kept")).contains(root));
            assertThat(ok(b.cli().run("swarm", "replication"))).contains("roots 1 known (1 announcements)");

            // pin update announces TO and withdraws FROM
            String newer = ok(a.cli().run("newer content".getBytes(StandardCharsets.UTF_8), "add", "-Q",
                    "--pin=false")).strip();
            ok(a.cli().run("pin", "update", later, newer));
            await("b keeps TO and lets go of FROM", () -> {
                String kept = ok(b.cli().run("pin", "kept"));
                return kept.contains(newer + " swarm kept ") && !kept.contains(later);
            });
            assertThat(ok(a.cli().run("swarm", "replication")))
                    .contains("roots 1 known (1 announcements), 0 assigned here");
        } finally {
            for (Running r : List.of(a, b, c)) {
                r.cli().run("shutdown");
                r.exit().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
