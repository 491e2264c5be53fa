package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandTreeTest {
    @TempDir
    Path dir;

    private static FerryCli.CliEnv env() {
        return new FerryCli.CliEnv(Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false);
    }

    @Test
    void everyCommandIsRegisteredUnderItsOwnName() {
        FerryCli.COMMANDS.forEach((name, type) ->
                assertThat(type.getAnnotation(Command.class).name()).as(type.getSimpleName()).isEqualTo(name));
    }

    @Test
    void aNamedCommandBuildsOnlyItself() {
        CommandLine cmd = FerryCli.commandLine(env(), new String[] {"add", "-Q", "file"});
        assertThat(cmd.getSubcommands().keySet()).containsExactly("add");
    }

    @Test
    void anythingElseBuildsTheWholeTree() {
        for (String[] args : new String[][] {{}, {"--help"}, {"-h"}, {"bogus", "x"}, {"--version"}}) {
            CommandLine cmd = FerryCli.commandLine(env(), args);
            assertThat(cmd.getSubcommands().keySet()).containsExactlyElementsOf(FerryCli.COMMANDS.keySet());
        }
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasItsOwnHelp() {
        CliRun cli = new CliRun(dir.resolve("repo"));
        CliRun.Result help = cli.run("--help");
        assertThat(help.exitCode()).isZero();
        for (String name : FerryCli.COMMANDS.keySet()) {
            assertThat(help.stdout()).contains("  " + name + " ");
            CliRun.Result own = cli.run(name, "--help");
            assertThat(own.exitCode()).as(name).isZero();
            assertThat(own.stdout()).as(name).startsWith("Usage: ferry " + name);
        }
    }

    @Test
    void aMisspeltCommandIsAnErrorNamingIt() {
        CliRun.Result r = new CliRun(dir.resolve("repo")).run("ad", "x");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("ad");
    }
}
