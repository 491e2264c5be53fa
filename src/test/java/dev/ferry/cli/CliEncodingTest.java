package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The global {@code --enc}/{@code --encoding} without a daemon: where it may stand, its values, each JSON form. */
@Timeout(120)
class CliEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    CliRun cli;

    @BeforeEach
    void init() {
        cli = new CliRun(tmp.resolve("repo"));
        ok(cli.run("init"));
    }

    static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    /** The one line of output, parsed; fails unless there is exactly one line and it is compact JSON. */
    static JsonNode one(CliRun.Result r) throws Exception {
        List<String> lines = ok(r).lines().toList();
        assertThat(lines).as(r.toString()).hasSize(1);
        return JSON.readTree(lines.getFirst());
    }

    static List<JsonNode> each(CliRun.Result r) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : ok(r).lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void theOptionStandsBeforeOrAfterTheSubcommandInEitherSpelling() throws Exception {
        for (String[] args : List.of(new String[] {"--enc=json", "version"}, new String[] {"--enc", "json", "version"},
                new String[] {"version", "--enc=json"}, new String[] {"version", "--enc", "json"},
                new String[] {"--encoding=json", "version"}, new String[] {"version", "--encoding", "json"},
                new String[] {"version", "--enc=JSON"})) {
            JsonNode v = one(cli.run(args));
            assertThat(v.path("Version").asText()).as(String.join(" ", args)).isEqualTo(VersionCommand.version());
        }
        assertThat(ok(cli.run("version", "--enc=text"))).isEqualTo("ferry version " + VersionCommand.version() + "\n");
        // deeper: before the group, between group and subcommand, at the end
        for (String[] args : List.of(new String[] {"--enc=json", "repo", "stat"}, new String[] {"repo", "--enc=json", "stat"},
                new String[] {"repo", "stat", "--enc=json"})) {
            assertThat(one(cli.run(args)).has("NumObjects")).as(String.join(" ", args)).isTrue();
        }
    }
}
