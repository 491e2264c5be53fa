package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ferry commands [--flags]} and the RPC {@code commands}: the whole command tree, as Kubo lists it. */
@Timeout(60)
class CliCommandsTest {
    @TempDir
    Path tmp;

    private static FerryCli.CliEnv env() {
        return new FerryCli.CliEnv(Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false);
    }

    /** Every command path of the picocli tree, walked here independently of the command under test. */
    private static void paths(String prefix, CommandLine cmd, List<String> out) {
        String path = prefix + cmd.getCommandName();
        out.add(path);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            paths(path + " ", sub, out);
        }
    }

    @Test
    void listsEveryCommandPathSortedAndWithFlagsTheOptions() {
        CliRun cli = new CliRun(tmp.resolve("repo"));
        CliRun.Result listed = cli.run("commands");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        List<String> expected = new ArrayList<>();
        paths("", FerryCli.commandLine(env(), new String[0]), expected);
        assertThat(listed.lines()).containsExactlyInAnyOrderElementsOf(expected).isSorted();
        for (String name : FerryCli.COMMANDS.keySet()) {
            assertThat(listed.lines()).contains("ferry " + name);
        }
        assertThat(listed.lines()).startsWith("ferry").contains("ferry name get", "ferry name put",
                "ferry name pubsub cancel", "ferry commands");

        CliRun.Result flags = cli.run("commands", "--flags");
        assertThat(flags.exitCode()).isZero();
        assertThat(flags.lines()).isSorted().containsAll(listed.lines()).contains(
                "ferry name put --force / ferry name put -f", "ferry name put --allow-offline",
                "ferry commands --flags / ferry commands -f", "ferry add --chunker / ferry add -s");
        // help and version are picocli's, not options of the commands
        assertThat(flags.stdout()).doesNotContain("--help").doesNotContain("--version");
        assertThat(cli.run("commands", "-f").stdout()).isEqualTo(flags.stdout());
    }

    @Test
    void theDaemonAnswersTheTreeAsKubosJson() throws Exception {
        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        String api = "http://127.0.0.1:" + d.line("RPC API server listening on ").replaceAll(".*/tcp/", "")
                + "/api/v0/commands";
        HttpResponse<byte[]> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode root = new ObjectMapper().readTree(res.body());
        assertThat(root.path("Name").asText()).isEqualTo("ferry");
        List<String> top = new ArrayList<>();
        root.path("Subcommands").forEach(c -> top.add(c.path("Name").asText()));
        assertThat(top).containsExactlyInAnyOrderElementsOf(FerryCli.COMMANDS.keySet()).isSorted();
        JsonNode name = find(root, "name");
        JsonNode put = find(name, "put");
        assertThat(put.path("Subcommands").isArray()).isTrue();
        assertThat(put.path("Subcommands")).isEmpty();
        List<String> opts = new ArrayList<>();
        put.path("Options").forEach(o -> opts.add(o.path("Names").toString()));
        assertThat(opts).contains("[\"force\",\"f\"]", "[\"allow-offline\"]", "[\"quiet\",\"q\"]");
        // every node has Kubo's three fields
        assertShape(root);

        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    private static JsonNode find(JsonNode parent, String name) {
        for (JsonNode c : parent.path("Subcommands")) {
            if (c.path("Name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no subcommand " + name + " in " + parent.path("Name"));
    }

    private static void assertShape(JsonNode c) {
        assertThat(c.fieldNames()).toIterable().containsExactly("Name", "Subcommands", "Options");
        assertThat(c.path("Name").isTextual()).isTrue();
        for (JsonNode o : c.path("Options")) {
            assertThat(o.fieldNames()).toIterable().containsExactly("Names");
            assertThat(o.path("Names")).isNotEmpty().allMatch(JsonNode::isTextual);
        }
        c.path("Subcommands").forEach(CliCommandsTest::assertShape);
    }

    /** What bash offers for the words typed so far, with the completion script sourced. */
    private static List<String> complete(Path script, String... words) throws Exception {
        String line = "ferry " + String.join(" ", words);
        String cmd = "source '" + script + "'; COMP_WORDS=(ferry " + String.join(" ", words) + "); COMP_CWORD="
                + words.length + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
                + "; _complete_ferry; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void completionBashCompletesCommandsSubcommandsAndOptions() throws Exception {
        CliRun.Result script = new CliRun(tmp.resolve("repo")).run("commands", "completion", "bash");
        assertThat(script.exitCode()).as(script.toString()).isZero();
        Path file = tmp.resolve("ferry-completion.bash");
        java.nio.file.Files.write(file, script.stdoutBytes());
        assertThat(complete(file, "fil")).containsExactlyInAnyOrder("files", "filestore");
        assertThat(complete(file, "pin", "")).contains("add", "ls", "rm", "remote", "update", "verify");
        assertThat(complete(file, "add", "--chu")).containsExactly("--chunker");
        assertThat(complete(file, "p2p", "stream", "")).contains("ls", "close");
    }
}
