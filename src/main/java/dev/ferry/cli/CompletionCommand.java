package dev.ferry.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/**
 * {@code ferry commands completion bash}, as Kubo's {@code ipfs commands completion bash}: a bash completion script
 * for every command, subcommand and option, generated from the command tree itself so that it never falls behind it
 * ({@code source <(ferry commands completion bash)}; zsh reads it too after {@code bashcompinit}).
 */
@Command(name = "completion", mixinStandardHelpOptions = true, description = "Generate shell completion scripts.",
        subcommands = CompletionCommand.Bash.class)
final class CompletionCommand {
    @Command(name = "bash", mixinStandardHelpOptions = true,
            description = "Generate a bash completion script: source <(ferry commands completion bash).")
    static final class Bash implements Callable<Integer> {
        private final FerryCli.CliEnv env;

        Bash(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            env.out().print(AutoComplete.bash("ferry", FerryCli.commandLine(env, new String[0])));
            env.out().flush();
            return 0;
        }
    }
}
